// **hubscale-agents** writes users.jsonl and organizations.jsonl (overview shapes) with follows.jsonl and
// members.jsonl: follower and member counts are heavy-tailed (a few accounts with 10^4 followers), never self-follows.

import { distinctSample, rngFor, streamId } from './hubscale-random.js';
import { hubDates, InDegrees, type PassContext } from './hubscale-common.js';
import { fullName } from './hubscale-text.js';

const S = {
  user: streamId('user.record'),
  ufollowers: streamId('user.followers'),
  org: streamId('org.record'),
  ofollowers: streamId('org.followers'),
  members: streamId('org.members'),
};

export async function writeOrganizations(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const users = nodes.user;
  const followers = new InDegrees(seed, 'org.followers', nodes.org, edges.user_follow_org, 1);
  const members = new InDegrees(seed, 'org.members', nodes.org, edges.user_affiliatedWith_org, 1);
  for (let o = 0; o < nodes.org; o++) {
    const rng = rngFor(seed, S.org, o);
    const name = world.orgName(o);
    const nFollowers = Math.min(users, followers.next());
    const nMembers = Math.min(users, members.next());
    const w1 = out.organizations.write({
      _id: rng.objectId(),
      avatarUrl: `https://cdn-avatars.huggingface.co/v1/production/uploads/${rng.objectId()}.png`,
      fullname: name.split('-').slice(0, 2).join(' '),
      name,
      type: 'org',
      isVerified: rng.chance(0.05),
      isEnterprise: rng.chance(0.02),
      numUsers: nMembers,
      numFollowers: nFollowers,
      createdAt: hubDates(rng, o, nodes.org).createdAt,
    });
    if (w1) await w1;
    if (nFollowers > 0) {
      const frng = rngFor(seed, S.ofollowers, o);
      const list = distinctSample(nFollowers, users, frng, () => frng.zipf(users, 0.8));
      const w = out.follows.write({ kind: 'org', name, followers: list.map((u) => ({ user: world.userName(u) })) });
      if (w) await w;
    }
    if (nMembers > 0) {
      const mrng = rngFor(seed, S.members, o);
      const list = distinctSample(nMembers, users, mrng, () => mrng.zipf(users, 0.9));
      const w = out.members.write({ org: name, members: list.map((u) => ({ user: world.userName(u), type: 'user' })) });
      if (w) await w;
    }
    ctx.tick(1);
  }
}

export async function writeUsers(ctx: PassContext): Promise<void> {
  const { world, seed, out } = ctx;
  const { nodes, edges } = world.counts;
  const users = nodes.user;
  const followers = new InDegrees(seed, 'user.followers', users, edges.user_follow_user, 1);
  for (let u = 0; u < users; u++) {
    const rng = rngFor(seed, S.user, u);
    const name = world.userName(u);
    const nFollowers = Math.min(users - 1, followers.next());
    const w1 = out.users.write({
      _id: rng.objectId(),
      avatarUrl: `https://cdn-avatars.huggingface.co/v1/production/uploads/${rng.objectId()}.png`,
      isPro: rng.chance(0.03),
      fullname: fullName(rng),
      user: name,
      type: 'user',
      numFollowers: nFollowers,
      createdAt: hubDates(rng, u, users).createdAt,
    });
    if (w1) await w1;
    if (nFollowers > 0) {
      const frng = rngFor(seed, S.ufollowers, u);
      const list = distinctSample(nFollowers, users, frng, () => frng.zipf(users, 0.8), u);
      const w = out.follows.write({ kind: 'user', name, followers: list.map((f) => ({ user: world.userName(f) })) });
      if (w) await w;
    }
    ctx.tick(1);
  }
}
