import { describe, expect, it } from '@jest/globals';
import { checkTritonRepository, type RepositoryFiles } from '../../src/triton/repository-check.js';
import { merlinRepository } from '../emulator/model-repository.js';

const files = (entries: Record<string, string>): RepositoryFiles =>
  new Map(
    Object.entries(entries).map(([path, content]) => [path, path.endsWith('config.pbtxt') ? content : null]),
  );

describe('checkTritonRepository', () => {
  it('accepts a merlin.systems export', () => {
    expect(checkTritonRepository(files(merlinRepository()))).toEqual([]);
  });

  it('names each problem with its path and the fix', () => {
    const repository = merlinRepository();
    delete repository['0_transformworkflowtriton/config.pbtxt'];
    repository['extra/config.pbtxt'] = 'name: "extra"\nplatform: "ensemble"\n';
    repository['onnx_model/config.pbtxt'] = 'platform: "onnxruntime_onnx"\n';
    repository['onnx_model/01/model.onnx'] = 'x';
    repository['onnx_model/2/weights.bin'] = 'x';
    const findings = checkTritonRepository(files(repository));
    expect(findings).toEqual([
      {
        path: '0_transformworkflowtriton/config.pbtxt',
        problem: 'is missing',
        fix: 'export a config.pbtxt into 0_transformworkflowtriton/ (Triton needs one per model)',
      },
      expect.objectContaining({
        path: 'extra/',
        problem: expect.stringMatching(/no numeric version folder.*ensemble needs an empty version folder/),
      }),
      expect.objectContaining({
        path: 'onnx_model/2/model.onnx',
        problem: 'is missing (the onnxruntime_onnx platform loads it)',
      }),
    ]);
  });

  it('wants the three models of a Merlin export and the saved workflow', () => {
    const findings = checkTritonRepository(
      files({ 'solo/config.pbtxt': 'backend: "python"\n', 'solo/1/model.py': '' }),
    );
    expect(findings.map((finding) => finding.path)).toEqual([
      'executor_model/',
      '0_transformworkflowtriton/',
      '1_predictpytorchtriton/',
    ]);
    expect(checkTritonRepository(new Map())).toEqual([
      expect.objectContaining({ path: '.', problem: 'the repository holds no model folder' }),
    ]);
  });
});
