/** A record id from a URL's path: a positive integer of at most ten digits, or undefined (then the route answers 404). */
export const positiveId = (value: string): number | undefined => (/^[1-9]\d{0,9}$/.test(value) ? Number(value) : undefined);
