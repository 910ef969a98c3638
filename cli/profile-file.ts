import path from 'node:path';
import { z } from 'zod';
import { features } from '../harness/model/case.js';
import { readJsonFile } from './read-json-file.js';
import { UsageError } from './usage-error.js';

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be the name of an environment variable');

const profileSchema = z.strictObject({
  name: z.string().trim().min(1),
  description: z.string().optional(),
  target: z.string().min(1).optional(),
  expect: z.array(z.enum(features)).optional(),
  credentials: z.strictObject({ userEnv: envName, passwordEnv: envName }).optional(),
  exclude: z
    .array(
      z.strictObject({
        pattern: z.string().min(1),
        reason: z.string().trim().min(1, 'every excluded case needs a reason'),
      }),
    )
    .optional(),
  baseline: z.string().min(1).optional(),
  strict: z.boolean().optional(),
});

export type Profile = z.infer<typeof profileSchema>;

/** The options a profile can set; the command line's own values win. */
export interface ProfiledFlags {
  profile?: string;
  target?: string;
  targetCmd?: string;
  targetImage?: string;
  expect: string[];
  exclude: string[];
  user?: string;
  password?: string;
  strict?: boolean;
  baseline?: string;
}

export interface LoadedProfile {
  readonly file: string;
  readonly name: string;
  readonly exclusions: readonly { readonly pattern: string; readonly reason: string }[];
}

/**
 * `--profile FILE`: a target's options in one JSON file, so a vendor's CI needs one flag. Fills in `flags`
 * (expected features and exclusions are added to the command line's), reads the credentials from the
 * environment variables it names, and resolves its baseline relative to the profile.
 */
export async function applyProfile(flags: ProfiledFlags): Promise<LoadedProfile | undefined> {
  if (flags.profile === undefined) return undefined;
  const file = flags.profile;
  const profile = await readJsonFile('--profile', file, profileSchema);
  if (profile.target && !flags.target && !flags.targetCmd && !flags.targetImage)
    flags.target = profile.target;
  flags.expect = [...flags.expect, ...(profile.expect ?? [])];
  const exclusions = profile.exclude ?? [];
  flags.exclude = [...flags.exclude, ...exclusions.map((e) => e.pattern)];
  if (profile.credentials && flags.user === undefined && flags.password === undefined) {
    const { userEnv, passwordEnv } = profile.credentials;
    for (const name of [userEnv, passwordEnv])
      if (process.env[name] === undefined)
        throw new UsageError(
          `--profile ${file}: credentials name ${name}, which is not set in the environment`,
        );
    flags.user = process.env[userEnv];
    flags.password = process.env[passwordEnv];
  }
  if (profile.strict) flags.strict = true;
  if (profile.baseline && flags.baseline === undefined)
    flags.baseline = path.resolve(path.dirname(file), profile.baseline);
  return { file, name: profile.name, exclusions };
}
