/** A JSON document read from a file or an output: text that does not parse is an error naming `source`. */
export function parseJsonText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${source} is not JSON (${(error as Error).message}).`, { cause: error });
  }
}
