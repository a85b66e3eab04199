/** The few fields of a Triton `config.pbtxt` (protobuf text format) a layout check needs. */
export interface ModelConfigFields {
  name?: string;
  platform?: string;
  backend?: string;
}

export function readModelConfig(text: string): ModelConfigFields {
  const field = (key: string) => new RegExp(`^\\s*${key}\\s*:\\s*"([^"]*)"`, 'm').exec(text)?.[1];
  return { name: field('name'), platform: field('platform'), backend: field('backend') };
}
