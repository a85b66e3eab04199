import { armError, type EmulatorRequest, type EmulatorResponse } from '../http.js';
import type { DeploymentRecord, WorkspaceStore } from '../workspace-store.js';

/** OnlineDeployments_GetLogs: the tail of the storage initializer's or the Triton server's log. */
export function deploymentLogs(store: WorkspaceStore, request: EmulatorRequest): EmulatorResponse {
  const { endpoint, deployment } = request.params as { endpoint: string; deployment: string };
  const record = store.deployments.get(store.deploymentKey(endpoint, deployment));
  if (!record)
    return armError(404, 'UserError', `Deployment ${deployment} was not found on endpoint ${endpoint}.`);
  const body = request.json<{ containerType?: string; tail?: number }>() ?? {};
  const container = body.containerType ?? 'InferenceServer';
  const lines =
    container === 'StorageInitializer' ? storageInitializerLog(record) : inferenceServerLog(record);
  const tail = body.tail ?? lines.length;
  return { status: 200, body: { content: lines.slice(-tail).join('\n') } };
}

function storageInitializerLog(record: DeploymentRecord): string[] {
  return [
    'Starting storage initializer',
    `Downloading model ${record.modelId} to /var/azureml-app/azureml-models/`,
    'Downloaded executor_model/config.pbtxt, 0_transformworkflowtriton/1/workflow/workflow.pkl, 1_predictpytorchtriton/1/model.pt',
    'Model download complete: 3 Triton models, 41.7 MB in 6.2 s',
  ];
}

function inferenceServerLog(record: DeploymentRecord): string[] {
  const start = [
    'I1126 10:02:11.118272 1 server.cc:626] Starting Triton Inference Server',
    'I1126 10:02:11.301004 1 model_lifecycle.cc:462] loading: 1_predictpytorchtriton:1',
    'I1126 10:02:12.440180 1 model_lifecycle.cc:462] loading: 0_transformworkflowtriton:1',
    'I1126 10:02:14.900000 1 model_lifecycle.cc:462] loading: executor_model:1',
  ];
  if (record.crashLog) {
    return [
      ...start,
      ...record.crashLog.split('\n'),
      'E1126 10:02:16.010071 1 model_repository_manager.cc:1186] Poll failed for model directory: Invalid model',
      'error: creating server: Internal - failed to load all models',
    ];
  }
  return [
    ...start,
    'I1126 10:02:19.880511 1 model_lifecycle.cc:815] successfully loaded executor_model',
    'I1126 10:02:19.930000 1 http_server.cc:4497] Started HTTPService at 0.0.0.0:8000',
  ];
}
