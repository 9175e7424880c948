// The Markdown of an id's hover: the thumbnail, the capture date, the creator and the detections,
// then the actions as command links. Text from the service is escaped, so a username or a value
// cannot add links or markup; the only picture is the `data:` URI the host made from the bytes.
import { escapeMarkdown, formatTime } from '../explorer/imageFacts';
import { type IdDescription, type ImageFacts } from './idDescription';
import { type DetectedKind, KIND_NAMES } from './idRule';

/** The commands a hover links to, each called with `[{ kind, id }]`. */
export const ID_COMMANDS = {
  open: 'mapillary.ids.open',
  showOnMap: 'mapillary.ids.showOnMap',
  copyEmbed: 'mapillary.ids.copyEmbed',
} as const;

/** Every command a hover may link to (for the Markdown's trusted command list). */
export const ID_COMMAND_LIST: readonly string[] = Object.values(ID_COMMANDS);

/** A `command:` link that runs `command` on one id. */
export function idCommandUri(command: string, kind: DetectedKind, id: string): string {
  return `command:${command}?${encodeURIComponent(JSON.stringify([{ kind, id }]))}`;
}

function link(label: string, command: string, kind: DetectedKind, id: string): string {
  return `[${label}](${idCommandUri(command, kind, id)})`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function imageLines(image: ImageFacts): string[] {
  const facts = [
    `Captured ${escapeMarkdown(formatTime(image.capturedAt))}`,
    image.creator ? `by **${escapeMarkdown(image.creator)}**` : 'creator unknown',
    image.isPano ? 'panorama' : undefined,
  ].filter(Boolean);
  const lines = [facts.join(' · ')];
  const detections = image.detections;
  if (detections) {
    const top = detections.byValue
      .slice(0, 5)
      .map(([value, count]) => `${escapeMarkdown(value)} ×${count}`);
    const more = detections.byValue.length > 5 ? ', …' : '';
    lines.push(
      detections.total === 0
        ? 'No detections'
        : `${plural(detections.total, 'detection')}: ${top.join(', ')}${more}`,
    );
  }
  return lines;
}

function picture(description: IdDescription): string[] {
  if (description.status !== 'found' || description.kind === 'mapFeature') return [];
  const { thumbnail, thumbnailNote } = description;
  if (thumbnail) {
    const alt = `Mapillary ${KIND_NAMES[description.kind]} ${description.id}`;
    return [
      `![${alt}](${thumbnail.dataUri}|width=${thumbnail.width},height=${thumbnail.height})`,
      '',
    ];
  }
  return thumbnailNote ? [`_${escapeMarkdown(thumbnailNote)}_`, ''] : [];
}

/** The hover's Markdown for a description. */
export function idHoverMarkdown(description: IdDescription): string {
  const { kind, id } = description;
  const title = `**Mapillary ${KIND_NAMES[kind]}** \`${id}\``;
  if (description.status === 'missing') {
    return `${title}\n\nMapillary does not know this ${KIND_NAMES[kind]}, or you may not see it.`;
  }
  if (description.status === 'error') {
    return `${title}\n\n${escapeMarkdown(description.message)}`;
  }
  const lines = [...picture(description), title, ''];
  const actions: string[] = [];
  if (description.kind === 'image') {
    lines.push(...imageLines(description.image).map((l) => `${l}  `));
    actions.push(
      link('Open', ID_COMMANDS.open, kind, id),
      link('Show on Map', ID_COMMANDS.showOnMap, kind, id),
      link('Copy Embed', ID_COMMANDS.copyEmbed, kind, id),
    );
  } else if (description.kind === 'sequence') {
    const { sequence } = description;
    lines.push(`${plural(sequence.imageCount, 'image')}  `);
    if (sequence.firstImage) {
      lines.push(
        ...imageLines(sequence.firstImage).map((l, i) => `${i === 0 ? 'First image: ' : ''}${l}  `),
      );
    }
    if (sequence.imageCount > 0) {
      actions.push(
        link('Open First Image', ID_COMMANDS.open, kind, id),
        link('Show on Map', ID_COMMANDS.showOnMap, kind, id),
      );
    }
  } else {
    const { feature } = description;
    const seen = (ms: number | undefined) => escapeMarkdown(formatTime(ms).slice(0, 10));
    lines.push(
      `${escapeMarkdown(feature.value ?? 'unknown value')}${feature.type ? ` (${escapeMarkdown(feature.type)})` : ''}  `,
      `Seen ${seen(feature.firstSeenAt)} to ${seen(feature.lastSeenAt)}  `,
    );
    actions.push(
      link('Open on mapillary.com', ID_COMMANDS.open, kind, id),
      link('Show on Map', ID_COMMANDS.showOnMap, kind, id),
    );
  }
  if (actions.length > 0) lines.push('', actions.join(' · '));
  return lines.join('\n');
}
