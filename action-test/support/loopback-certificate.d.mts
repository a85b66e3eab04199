export function writeLoopbackCertificate(dir: string): Promise<{ certFile: string; keyFile: string }>;
