import { readFileSync } from 'node:fs';
import { writeLoopbackCertificate } from '../support/loopback-certificate.mjs';
import type { EmulatorConfig } from '../emulator/config.js';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { identities, scratchDir } from '../support/workflow-world.js';

/** An emulator for a run of the workflows outside Jest: its own loopback certificate, the set-up's two identities (subjects and roles). */
export async function localEmulator(config: Partial<EmulatorConfig> = {}): Promise<RunningEmulator> {
  const dir = scratchDir('next-item-tls-');
  const { certFile, keyFile } = await writeLoopbackCertificate(dir);
  return startEmulator({
    config: { identities: identities(), ...config },
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8'), certFile },
  });
}

/** Real milliseconds during which emulated Azure was busy inside [from, to] (epoch ms), counting overlaps once. */
export function busyMs(
  running: RunningEmulator,
  anchor: { realMs: number; emulatedMs: number },
  from: number,
  to: number,
  startedWithin = false,
): number {
  const speed = running.clock.speed;
  const spans = running.store
    .busySpans()
    .map((span) => ({
      start: anchor.realMs + (span.start - anchor.emulatedMs) / speed,
      end: anchor.realMs + (span.end - anchor.emulatedMs) / speed,
    }))
    .filter((span) => !startedWithin || (span.start >= from && span.start <= to))
    .map((span) => ({ start: Math.max(span.start, from), end: Math.min(span.end, to) }))
    .filter((span) => span.end > span.start)
    .sort((a, b) => a.start - b.start);
  let total = 0;
  let reach = -Infinity;
  for (const span of spans) {
    const start = Math.max(span.start, reach);
    if (span.end > start) total += span.end - start;
    reach = Math.max(reach, span.end);
  }
  return total;
}
