// What listing an owner's sequences in an area may cost, known before any tile is read, and how
// both front ends say it: the most tiles the pyramid descent can read (every tile of the area from
// its start zoom down to z14) against the tile requests left today. A listing over the threshold is
// asked for first (a modal in the editor, `--yes` on the command line), and so is one that may not
// fit in what is left of the day's budget.
import { type Area } from '../geo/area';
import { type DescentEstimate, estimateDescent } from './descentPlan';
import { type SequenceOwner } from './sequenceCollector';

/**
 * Default most tiles a listing may read without asking. About a city of 30 km across; the daily
 * limit of one app is 50,000.
 */
export const DEFAULT_CONFIRM_TILES = 1000;

/** What a listing may cost, and what the day's budget has left. */
export interface ListingCost {
  /** The most tiles the listing can read. */
  maxTiles: number;
  /** The area's z14 tiles: what reading z14 alone would cost. */
  z14Tiles: number;
  /** The zoom the descent starts at. */
  startZoom: number;
  /** Tile requests left today (Infinity when nothing counts them). */
  remaining: number;
}

/** The cost of listing sequences in `area`, with `remaining` tile requests left today. */
export function listingCost(area: Area, remaining: number): ListingCost {
  const plan: DescentEstimate = estimateDescent(area);
  return {
    maxTiles: plan.maxTiles,
    z14Tiles: plan.z14Tiles,
    startZoom: plan.startZoom,
    remaining,
  };
}

/** Whether a listing must be confirmed first: over the threshold, or more than is left today. */
export function needsConfirmation(cost: ListingCost, threshold = DEFAULT_CONFIRM_TILES): boolean {
  return cost.maxTiles > threshold || cost.maxTiles > cost.remaining;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** Who a listing is for, as a sentence names it. */
export function ownerText(owner: SequenceOwner): string {
  if (owner.organizationId && owner.creatorId) {
    return `organization ${owner.organizationId} (creator ${owner.creatorId})`;
  }
  return owner.organizationId
    ? `organization ${owner.organizationId}`
    : `creator ${owner.creatorId}`;
}

/**
 * The cost in words, e.g. "Listing the sequences of organization 1 in this area may read up to
 * 11,428 coverage tiles …". Says what happens when the budget runs out before the end.
 */
export function listingCostText(cost: ListingCost, owner: SequenceOwner): string {
  const parts = [
    `Listing the sequences of ${ownerText(owner)} in this area may read up to ${count(cost.maxTiles)} coverage tiles`,
    `(the area covers ${count(cost.z14Tiles)} z14 tiles; where the owner has no imagery, far fewer are read).`,
  ];
  if (Number.isFinite(cost.remaining)) {
    parts.push(`${count(cost.remaining)} of today's tile requests remain.`);
    if (cost.maxTiles > cost.remaining) {
      parts.push(
        'If the budget runs out first, the listing stops and keeps what it read: run it again after midnight UTC to go on.',
      );
    }
  }
  return parts.join(' ');
}
