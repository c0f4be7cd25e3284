// The Mini App's API: every request carries the launch's initData (Authorization: tma …), checked by the server.

export class ApiError extends Error {
  constructor(status, messages) {
    super(messages.join('\n'));
    this.status = status;
  }
}

export function createApi(initData, networkFailed) {
  return async function request(method, path, body) {
    let res;
    try {
      res = await fetch(`/app/api${path}`, {
        method,
        headers: { authorization: `tma ${initData}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      });
    } catch {
      throw new ApiError(0, [networkFailed()]);
    }
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw new ApiError(res.status, Array.isArray(data.errors) ? data.errors : [res.statusText]);
    return data;
  };
}
