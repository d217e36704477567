// **User taste** for the synthetic likes: every user has a topic (its index modulo the number of topics: tasks), and an
// item's likers are drawn mostly among the users of the item's topic (Zipf by rank within the topic, as the whole
// population is Zipf by index), the rest from everyone. Real Hub users like within their interests, which is what
// recommendation (recommend-items, item-CF) assumes; likes drawn independently of the user would leave nothing but
// popularity to learn. The number of likes per item is unchanged, so the graph keeps its size.

import type { Rng } from './random.js';
import { distinctSample } from './hubscale-random.js';

/** The share of an item's likers drawn within its topic. */
export const TASTE_SHARE = 0.8;

/** `count` distinct likers among `users` for an item of `topic` (of `topics`): users u with u mod topics = topic are its
 * topic's; the exponent is the one the population's likes follow (0.9). */
export function tasteLikers(count: number, users: number, topic: number, topics: number, rng: Rng): number[] {
  const t = topics > 0 ? topic % topics : 0;
  const inTopic = topics > 0 && t < users ? Math.ceil((users - t) / topics) : 0;
  const draw = () => (inTopic > 0 && rng.chance(TASTE_SHARE) ? rng.zipf(inTopic, 0.9) * topics + t : rng.zipf(users, 0.9));
  return distinctSample(count, users, rng, draw);
}
