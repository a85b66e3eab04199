import { InputError } from '../../kit/errors.js';
import type { Inputs } from '../../kit/inputs.js';
import type { NameRule } from '../../kit/names.js';
import { quotePrefix } from '../../kit/quote.js';

// The Docker reference grammar (distribution/reference, NameTotalLengthMax) caps the name, registry host
// included, at 255 characters; the OCI distribution spec caps a tag at 128; a sha256 digest is 64 hex digits.
export const IMAGE_NAME_MAX_LENGTH = 255;
const TAG_MAX_LENGTH = 128;
const DIGEST_LENGTH = '@sha256:'.length + 64;

/** A container image reference: `host[:port]/repo/path:tag` with an optional `@sha256:digest`. */
export const IMAGE_REFERENCE = {
  pattern:
    /^(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?(?::\d+)?\/)?[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*(?::[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/,
  expected:
    'an image reference such as myregistry.azurecr.io/next-item-triton:abc123 (optionally @sha256:...)',
  maxLength: IMAGE_NAME_MAX_LENGTH + 1 + TAG_MAX_LENGTH + DIGEST_LENGTH,
} as const satisfies NameRule;

/** The part of a reference before its tag and digest (the registry host with its port stays). */
export function imageName(reference: string): string {
  const withoutDigest = reference.replace(/@sha256:[a-f0-9]{64}$/, '');
  const lastSlash = withoutDigest.lastIndexOf('/');
  const tagColon = withoutDigest.indexOf(':', lastSlash + 1);
  return tagColon === -1 ? withoutDigest : withoutDigest.slice(0, tagColon);
}

/** An image reference input: the pattern, and the name within the reference grammar's 255 characters. */
export function imageReferenceInput(
  inputs: Inputs,
  name: string,
  options: { required?: boolean } = {},
): string | undefined {
  const reference = inputs.name(name, IMAGE_REFERENCE, options);
  if (reference === undefined) return undefined;
  const imageNamePart = imageName(reference);
  if (imageNamePart.length > IMAGE_NAME_MAX_LENGTH) {
    throw new InputError(
      name,
      `names an image ${imageNamePart.length} characters long (${quotePrefix(imageNamePart)})`,
      `an image name (registry/repository, before :tag) of at most ${IMAGE_NAME_MAX_LENGTH} characters, the Docker reference limit`,
    );
  }
  return reference;
}
