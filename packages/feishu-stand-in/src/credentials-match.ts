import { secretMatcher } from '@feishu-welcome/shared';
import type { StandInSettings } from './stand-in-options.js';

/** Whether an app id and secret are the stand-in's (any pair, when it is not pinned to one). */
export function credentialsMatch(settings: StandInSettings, appId: string, appSecret: string): boolean {
  const idMatches = settings.appId === undefined || settings.appId === appId;
  const secretMatches = settings.appSecret === undefined || secretMatcher(settings.appSecret)(appSecret);
  return idMatches && secretMatches;
}
