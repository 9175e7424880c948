// The commands on images (and on what has a web page or details like one): open an image by id
// or link, show every field, open it on mapillary.com, copy its embed snippet.
import { ALL_IMAGE_FIELDS } from '../../shared/api/fields';
import { GraphError } from '../../shared/api/graphError';
import { EMBED_STYLES, embedSnippet, imageWebUrl } from '../../shared/explorer/embedSnippet';
import { parseImageRef } from '../../shared/explorer/imageRef';
import { type ExplorerCommand, onNode, textArgument } from './explorerCommand';

/**
 * Opens an image by id or link (the argument, else asked): adds it to the tree and shows it in the
 * street-level viewer ("Show Details" lists its fields).
 */
export const openImage: ExplorerCommand = async (context, { args }) => {
  const { model, ui } = context;
  const given = textArgument(args);
  let imageId: string | undefined;
  if (given !== undefined) {
    const parsed = parseImageRef(given);
    if (!parsed.ok) throw new Error(parsed.message);
    imageId = parsed.id;
  } else {
    imageId = await ui.prompts.imageRef();
  }
  if (!imageId) return undefined;
  const id = imageId;
  const image = await ui.notify(`Opening image ${id}…`, false, async () => {
    const api = await context.api();
    try {
      return await api.getImage(id, ALL_IMAGE_FIELDS);
    } catch (error) {
      if (error instanceof GraphError && error.kind === 'not-found') {
        throw new Error(`Image ${id} does not exist or you may not see it.`, { cause: error });
      }
      throw error;
    }
  });
  const search = model.addSearch(`Image ${id}`, 'opened', 'images', [image]);
  const [node] = await model.children(search);
  if (node) await context.reveal(node, { expand: true });
  await context.openViewer(id, image.sequence);
  return id;
};

/** Lists every field of an image (read afresh) or a map feature. */
export const showDetails: ExplorerCommand = onNode(async (context, node) => {
  if (node.kind === 'mapFeature') {
    await context.showDetails('map-feature', node.feature);
  } else if (node.kind === 'image') {
    const api = await context.api();
    await context.showDetails('image', await api.getImage(node.image.id, ALL_IMAGE_FIELDS));
  }
  return undefined;
});

/** Opens an image (a sequence's first) or a map feature on mapillary.com. */
export const openInBrowser: ExplorerCommand = onNode(async (context, node) => {
  const id =
    node.kind === 'image'
      ? node.image.id
      : node.kind === 'sequence'
        ? node.sequence.firstImageId
        : undefined;
  if (id) {
    await context.ui.openExternal(imageWebUrl(id));
  } else if (node.kind === 'mapFeature') {
    await context.ui.openExternal(
      `https://www.mapillary.com/app/?mapFeatureKey=${encodeURIComponent(node.feature.id)}`,
    );
  }
  return undefined;
});

/** Copies the iframe that embeds an image, in the style given (second argument) or picked. */
export const copyEmbedSnippet: ExplorerCommand = onNode(async (context, node, args) => {
  if (node.kind !== 'image') return undefined;
  const style = EMBED_STYLES.find((s) => s === args[1]) ?? (await context.ui.prompts.embedStyle());
  if (!style) return undefined;
  const snippet = embedSnippet(node.image.id, style);
  await context.ui.copy(snippet);
  context.ui.status(`Copied the embed snippet of ${node.image.id} (${style})`);
  return snippet;
});
