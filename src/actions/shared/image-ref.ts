/** A container image reference: `host[:port]/repo/path:tag` with an optional `@sha256:digest`. */
export const IMAGE_REFERENCE = {
  pattern:
    /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
  expected:
    'an image reference such as myregistry.azurecr.io/next-item-triton:abc123 (optionally @sha256:...)',
};
