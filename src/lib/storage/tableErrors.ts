import { isRestError, type RestError } from '@azure/core-rest-pipeline';

/** The service error code: single operations put it in details.errorCode, transactions in code. */
function errorCode(error: RestError): string | undefined {
  const details = error.details as { errorCode?: unknown } | undefined;
  return typeof details?.errorCode === 'string' ? details.errorCode : error.code;
}

/** Someone else wrote the row first: stale ETag (412) or a create that lost the race (409). */
export function isConcurrencyConflict(error: unknown): boolean {
  if (!isRestError(error)) return false;
  const code = errorCode(error);
  return (
    (error.statusCode === 412 && (code === 'UpdateConditionNotSatisfied' || code === undefined)) ||
    (error.statusCode === 409 && code === 'EntityAlreadyExists')
  );
}

export function isNotFound(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404 && errorCode(error) === 'ResourceNotFound';
}

export function isTableMissing(error: unknown): boolean {
  return isRestError(error) && error.statusCode === 404 && errorCode(error) === 'TableNotFound';
}

/** Storage could not be reached or is throttling: worth answering 503 and trying again later. */
export function isStorageUnavailable(error: unknown): boolean {
  if (!isRestError(error)) return false;
  return error.statusCode === undefined || error.statusCode === 429 || error.statusCode >= 500;
}
