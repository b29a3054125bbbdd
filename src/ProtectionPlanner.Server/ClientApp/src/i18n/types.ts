// A catalog's shape: the French must have every English key, and only strings at the leaves.
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
