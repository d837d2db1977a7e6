import { z } from 'zod';

/** An http(s) base URL from the environment, without its trailing slashes. */
export const HttpBaseUrl = z
  .string()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'must be an http(s) URL')
  .transform((value) => value.replace(/\/+$/, ''));
