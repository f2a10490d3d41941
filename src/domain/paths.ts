/**
 * Names of uploaded documents: relative, forward-slashed, without traversal or control characters.
 */
import { ValidationError } from './errors.js';

/**
 * Turns an uploaded file name or folder-relative path into a safe document path:
 * backslashes become slashes, empty, `.` and `..` parts are dropped, control characters removed.
 */
export function safeDocumentPath(name: string): string {
  const parts = name
    .replace(/\\/g, '/')

    .replace(/[\u0000-\u001f\u007f]/g, '')
    .split('/')
    .map((p) => p.trim())
    .filter((p) => p !== '' && p !== '.' && p !== '..');
  const safe = parts.join('/');
  if (!safe) {
    throw new ValidationError(`file name "${name}" is empty once cleaned`, { field: 'files', value: name }, undefined, {
      key: 'file_name_empty',
      params: { value: name },
    });
  }
  if (safe.length > 500) {
    throw new ValidationError(`file name "${safe.slice(0, 60)}…" is longer than 500 characters`, { field: 'files' }, undefined, {
      key: 'file_name_long',
      params: { value: `${safe.slice(0, 60)}…`, count: 500 },
    });
  }
  return safe;
}
