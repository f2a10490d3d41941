/** The roles, from most to least powerful. */
export const ROLES = ['admin', 'reviewer', 'translator'] as const;
/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];
