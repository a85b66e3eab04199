import {
  checkDeploymentYaml,
  checkEndpointYaml,
  readYamlInput,
  replacedByInputs,
  type DeploymentYaml,
  type EndpointYaml,
} from '../../azure/ml/deployment-spec.js';
import type { Log } from '../../kit/log.js';
import type { DeployEndpointInputs } from './inputs.js';

/**
 * The two CLI v2 YAML files, every key carried or refused before anything touches Azure; the keys the
 * inputs replace are said in the log where the values differ.
 */
export function readTemplates(inputs: DeployEndpointInputs, log: Log) {
  const endpointYaml = readYamlInput<EndpointYaml>('endpoint-file', inputs.endpointFile);
  const deploymentYaml = readYamlInput<DeploymentYaml>('deployment-file', inputs.deploymentFile);
  const values = {
    endpoint: inputs.endpoint,
    'auth-mode': inputs.authMode,
    'instance-type': inputs.instanceType,
    'instance-count': inputs.instanceCount,
  };
  const endpointKeys = checkEndpointYaml('endpoint-file', endpointYaml);
  const deploymentKeys = checkDeploymentYaml('deployment-file', deploymentYaml);
  for (const line of [
    ...replacedByInputs('endpoint-file', endpointYaml, endpointKeys, values),
    ...replacedByInputs('deployment-file', deploymentYaml, deploymentKeys, values),
  ])
    log.info(line);
  return { endpointYaml, deploymentYaml };
}
