import { SETTING_NAMES, type SamplingSetting } from '../providers/model-family.js';
import type { DroppedSettingsNote } from '../load/request.js';

/**
 * The settings a run did not send, told once: one notice for the whole run, however many tests
 * (and judges) would have sent them.
 */
export class DroppedSettings {
  /** Settings (as their names, joined) to the models they were not sent to, in first-seen order. */
  private readonly byModel = new Map<string, Set<SamplingSetting>>();

  readonly note: DroppedSettingsNote = (who, settings) => {
    let set = this.byModel.get(who);
    if (!set) this.byModel.set(who, (set = new Set()));
    for (const setting of settings) set.add(setting);
  };

  /** The run's notice, or none when every setting was sent. */
  notices(): string[] {
    if (this.byModel.size === 0) return [];
    const groups = new Map<string, string[]>();
    for (const [who, settings] of this.byModel) {
      const names = (['temperature', 'topP'] as const).filter((setting) => settings.has(setting)).map((setting) => SETTING_NAMES[setting]);
      const key = names.join(' and ');
      groups.set(key, [...(groups.get(key) ?? []), who]);
    }
    const parts = [...groups].map(([names, models]) => `${names} to ${models.join(', ')}`);
    return [
      `Not sent, because these models refuse them (OpenAI's gpt-5 and o-series answer 400 "Unsupported value"): ${parts.join('; ')}. ` +
        "A value on the model's own models: entry is sent as written.",
    ];
  }
}
