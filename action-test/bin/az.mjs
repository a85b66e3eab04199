// The emulator's stand-in for the Azure CLI: sends its arguments to the emulator (NEXT_ITEM_EMULATOR_URL)
// and prints what the emulated CLI answers, with its exit code. Trusts the emulator through NODE_EXTRA_CA_CERTS.
const url = process.env.NEXT_ITEM_EMULATOR_URL;
if (!url) {
  process.stderr.write(
    "ERROR: this az is the offline emulator's stand-in and NEXT_ITEM_EMULATOR_URL is not set.\n",
  );
  process.exit(1);
}
const env = {
  HOME: process.env.HOME,
  AZURE_CONFIG_DIR: process.env.AZURE_CONFIG_DIR,
  AZURE_EXTENSION_DIR: process.env.AZURE_EXTENSION_DIR,
};
try {
  const response = await fetch(`${url}/_emulator/az`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ argv: process.argv.slice(2), cwd: process.cwd(), env }),
  });
  const result = await response.json();
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.exitCode;
} catch (error) {
  process.stderr.write(
    `ERROR: the emulator at ${url} did not answer: ${error.cause?.code ?? error.message}\n`,
  );
  process.exitCode = 1;
}
