/** Inputs each action accepts (with the manifest's defaults for the rest), as a base for bad-input cases. */
const COMMON = {
  'subscription-id': '00000000-0000-0000-0000-000000000001',
  'resource-group': 'rg-ml',
  workspace: 'ws-merlin',
};

export const VALID: Record<string, Record<string, string>> = {
  'plan-rollout': { ...COMMON },
  'submit-pipeline': { ...COMMON },
  'register-model': { ...COMMON, 'job-name': 'sleepy_lamp_x1' },
  'build-triton': { ...COMMON },
  'deploy-endpoint': {
    ...COMMON,
    endpoint: 'next-item',
    'model-id': 'azureml:next-item-triton:3',
    image: 'acr01.azurecr.io/next-item-triton:abc',
  },
  'smoke-score': { ...COMMON, endpoint: 'next-item', deployment: 'green' },
  'run-report': { ...COMMON, results: 'plan=success\ndeploy=success', endpoint: 'next-item' },
  'resume-rollout': { ...COMMON, 'job-name': 'sleepy_lamp_x1' },
};
