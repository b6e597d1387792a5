// A problem with a dataset the user can fix: the message names the file, line and field.
export class DatasetError extends Error {}
