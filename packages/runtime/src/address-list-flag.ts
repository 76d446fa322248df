import { z } from 'zod';
import { parseAddressList } from './leader-endpoints.js';

/**
 * A setting that names one process or several of a group with one leader (the
 * masters): "host:port", or a list "a:5050,b:5050" (a repeated flag or a JSON
 * array in the file are joined into one). The value is the list as a string,
 * spaces and duplicates removed, for `LeaderEndpoints` and for messages. A list
 * with an empty entry is a configuration problem.
 */
export const addressListFlag = (defaultValue: string) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((value, context) => {
      const text = Array.isArray(value) ? value.join(',') : value;
      try {
        return parseAddressList(text).join(',');
      } catch (error) {
        context.addIssue({ code: z.ZodIssueCode.custom, message: (error as Error).message });
        return z.NEVER;
      }
    })
    .default(defaultValue);
