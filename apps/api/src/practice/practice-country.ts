import { practiceDecider, PracticeNotFound, streams } from '@pi/domain';
import type { CommandExecutor } from '@pi/application';

/** The country phone numbers typed without a country code are read against. */
export async function practiceCountry(executor: CommandExecutor, practiceId: string): Promise<string> {
  const practice = (await executor.load(streams.practice(practiceId), practiceDecider)).state;
  if (practice.status !== 'registered') throw new PracticeNotFound();
  return practice.defaultCountry;
}
