export function writeLoopbackCertificate(dir: string): Promise<{ certFile: string; keyFile: string }>;
export function writeSigningKeys(dir: string, count?: number): void;
