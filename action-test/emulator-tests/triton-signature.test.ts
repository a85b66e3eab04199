import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../support/action-manifests.js';
import { merlinRepository } from '../emulator/model-repository.js';
import { EXECUTOR_INPUTS, EXECUTOR_OUTPUTS } from '../emulator/triton.js';

interface TensorSpec {
  name: string;
  datatype: string;
  shape: number[];
}

/** What the real merlin.systems export writes; pipeline/tests/test_merlin_real.py checks a real export against it. */
const signature = JSON.parse(
  readFileSync(join(repoRoot, 'inference/triton/executor-signature.json'), 'utf8'),
) as { name: string; platform: string; backend: string; inputs: TensorSpec[]; outputs: TensorSpec[] };

/** input/output blocks of a config.pbtxt as protobuf text_format prints them. */
function configTensors(text: string, kind: 'input' | 'output'): TensorSpec[] {
  const blocks = [...text.matchAll(new RegExp(`^${kind} \\{\\n([\\s\\S]*?)^\\}`, 'gm'))].map((m) => m[1]!);
  return blocks.map((block) => ({
    name: /name: "([^"]+)"/.exec(block)![1]!,
    datatype: /data_type: TYPE_(\w+)/.exec(block)![1]!,
    shape: [...block.matchAll(/dims: (-?\d+)/g)].map((m) => Number(m[1])),
  }));
}

describe("the emulator's Triton follows the real export's executor signature", () => {
  it('serves the same inputs and outputs in the same order as its metadata', () => {
    expect(EXECUTOR_INPUTS.map((name) => ({ name, datatype: 'INT64', shape: [-1] }))).toEqual(
      signature.inputs,
    );
    expect(EXECUTOR_OUTPUTS).toEqual(signature.outputs);
  });

  it("writes the same tensors into the training job's executor_model/config.pbtxt", () => {
    const config = merlinRepository()['executor_model/config.pbtxt']!;
    expect(config).toContain(
      `name: "${signature.name}"\nplatform: "${signature.platform}"\nbackend: "${signature.backend}"\n`,
    );
    expect(configTensors(config, 'input')).toEqual(signature.inputs);
    expect(configTensors(config, 'output')).toEqual(signature.outputs);
  });
});
