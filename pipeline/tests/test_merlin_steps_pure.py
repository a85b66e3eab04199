"""The parts of merlin_steps that need no Merlin: the module imports without it, and the input block's
options follow the schema (the real build is in test_merlin_real.py)."""

import merlin_steps


def test_no_continuous_projection_without_a_continuous_feature():
    # T4Rec 23.08 raises KeyError: 'continuous_module' when asked to project continuous features it has none
    # of (transformers4rec/torch/features/tabular.py:77-83, 108); the workflow's schema has only categoricals.
    options = merlin_steps.sequence_input_options([], merlin_steps.Hyperparameters(d_model=48))
    assert "continuous_projection" not in options
    assert options == {"max_sequence_length": 20, "aggregation": "concat", "d_output": 48, "masking": "mlm"}


def test_continuous_features_are_projected_to_d_model():
    options = merlin_steps.sequence_input_options(["weekday_sin-list"], merlin_steps.Hyperparameters(d_model=48))
    assert options["continuous_projection"] == 48
