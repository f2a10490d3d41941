import * as deepl from 'deepl-node';
import { describe, expect, it } from 'vitest';
import { mapDeepLError } from '../../src/mt/deepl.js';

describe('mapDeepLError', () => {
  it.each([
    [new deepl.QuotaExceededError('Quota for this billing period has been exceeded'), 'quota_exceeded', false],
    [new deepl.TooManyRequestsError('Too many requests'), 'rate_limited', true],
    [new deepl.AuthorizationError('Authorization failure'), 'auth_failed', false],
    [new deepl.ConnectionError('Connection failure: ECONNRESET'), 'network', true],
    [new deepl.DeepLError('Service unavailable, message: x'), 'server_error', true],
    [new deepl.DeepLError('Unexpected status code: 502 Bad Gateway, content: x'), 'server_error', true],
    [new deepl.DeepLError('Unexpected status code: 413 Payload Too Large, content: x'), 'request_too_large', false],
    [new deepl.DeepLError("Bad request, message: Value for 'target_lang' not supported."), 'unsupported_language', false],
    [new deepl.DeepLError("Bad request, message: 'formality' is not supported for given 'target_lang'."), 'bad_request', false],
    [new deepl.DeepLError('Error parsing response JSON: SyntaxError'), 'bad_response', false],
  ])('maps %s to a typed error', (err, code, retryable) => {
    expect(mapDeepLError(err)).toMatchObject({ code, retryable });
  });
});
