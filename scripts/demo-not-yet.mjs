// The end-to-end demo (all five actions against the offline emulator) lands with issue #7.
console.error(
  'npm run demo: not available yet. The offline emulator (issue #3) and the end-to-end run (issue #7) have not landed; nothing was run.',
);
process.exit(1);
