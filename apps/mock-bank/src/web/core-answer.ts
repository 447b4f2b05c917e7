/** The core's envelope, read defensively: the page shows whatever came back, even off-contract. */
export interface CoreRefusal {
  errorCode: string;
  message: string;
  /** The cause, where one code covers two (INSUFFICIENT_LIQUIDITY: EXCHANGE_UNAVAILABLE or ORDER_REJECTED). */
  reason?: string;
}

export function coreData<T>(httpStatus: number | null, body: unknown): T | null {
  if (httpStatus === null || httpStatus < 200 || httpStatus >= 300) return null;
  const data = (body as { success?: unknown; data?: unknown } | null)?.data;
  return data && typeof data === 'object' ? (data as T) : null;
}

export function coreRefusal(httpStatus: number | null, body: unknown): CoreRefusal | null {
  if (httpStatus === null || (httpStatus >= 200 && httpStatus < 300)) return null;
  const envelope = (body ?? {}) as { errorCode?: unknown; message?: unknown; reason?: unknown };
  return {
    errorCode: typeof envelope.errorCode === 'string' ? envelope.errorCode : `HTTP_${httpStatus}`,
    message: typeof envelope.message === 'string' ? envelope.message : `The Core Engine answered HTTP ${httpStatus}.`,
    ...(typeof envelope.reason === 'string' && { reason: envelope.reason }),
  };
}
