// What an export command acts on: the tree node it was run on (an organization with the area, a
// sequence, an image, a search's results), else the images box-selected on the map, else what the
// user types. Commands
// can also be run with an explicit target object (from other commands, keybindings or tests).
import * as vscode from 'vscode';
import { askParsed } from '../askParsed';
import { type Bbox } from '../../shared/api/bbox';
import { formatArea, parseArea } from '../../shared/explorer/areaText';
import { type SearchNode } from '../../shared/explorer/explorerNode';
import { type Area, areaFromBbox } from '../../shared/geo/area';
import { readAreaSetting, readWorkspaceAreaFile } from '../tree/areaSetting';

/** An explicit target; every field optional. */
export interface ExportTarget {
  organizationId?: string;
  bbox?: Bbox;
  /** A GeoJSON file of the workspace (relative to it) as the area, instead of a bbox. */
  areaFile?: string;
  sequenceIds?: string[];
  imageIds?: string[];
  /**
   * Output format, instead of asking: one of the job's choices (`csv`, `geojson`, `jsonl`, `gpkg`,
   * `fgb`, `parquet`, `coco`).
   */
  format?: string;
  /** Metadata columns, instead of the default. */
  fields?: string[];
  /** Download size (`256`, `1024`, `2048`, `original`), instead of asking. */
  size?: string;
  /** Map feature values to keep (`regulatory--stop--g1`, wildcards allowed), for map features. */
  values?: string[];
}

/**
 * Reads a target from a command argument: a tree node or an {@link ExportTarget}. A search node
 * stands for its results, which `searchIds` gives.
 */
export function targetFromArgument(
  argument: unknown,
  searchIds: (node: SearchNode) => readonly string[] = () => [],
): ExportTarget {
  if (!argument || typeof argument !== 'object') return {};
  const node = argument as Record<string, unknown>;
  const id = (value: unknown): string | undefined =>
    value && typeof value === 'object' && typeof (value as { id?: unknown }).id === 'string'
      ? (value as { id: string }).id
      : undefined;
  switch (node.kind) {
    case 'organization': {
      const organizationId = id(node.organization);
      return organizationId ? { organizationId } : {};
    }
    case 'sequence': {
      const sequenceId = id(node.sequence);
      return sequenceId ? { sequenceIds: [sequenceId] } : {};
    }
    case 'image': {
      const imageId = id(node.image);
      return imageId ? { imageIds: [imageId] } : {};
    }
    case 'search': {
      const search = node as unknown as SearchNode;
      return search.what === 'images' ? { imageIds: [...searchIds(search)] } : {};
    }
  }
  const target: ExportTarget = {};
  const strings = (value: unknown) =>
    Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
  if (typeof node.organizationId === 'string') target.organizationId = node.organizationId;
  if (typeof node.areaFile === 'string') target.areaFile = node.areaFile;
  if (Array.isArray(node.bbox) && node.bbox.length === 4)
    target.bbox = node.bbox as unknown as Bbox;
  target.sequenceIds = strings(node.sequenceIds);
  target.imageIds = strings(node.imageIds);
  target.fields = strings(node.fields);
  target.values = strings(node.values);
  if (typeof node.format === 'string') target.format = node.format;
  if (typeof node.size === 'string' || typeof node.size === 'number')
    target.size = String(node.size);
  return target;
}

/**
 * The area: the target's (a bbox, or a GeoJSON file of the workspace), the `mapillary.area` setting
 * (which may name a file), or a bbox typed by the user. A file that cannot be used says why.
 */
export async function pickArea(target: ExportTarget): Promise<Area | undefined> {
  if (target.bbox) return { ...areaFromBbox(target.bbox), label: formatArea(target.bbox) };
  if (target.areaFile) return readWorkspaceAreaFile(target.areaFile);
  const setting = await readAreaSetting();
  if (setting?.ok) return setting.area;
  if (setting)
    void vscode.window.showWarningMessage(
      `Mapillary: the area setting is ignored: ${setting.message}`,
    );
  const parsed = await askParsed(
    { title: 'Area', prompt: 'The area as minLon,minLat,maxLon,maxLat' },
    (text) => parseArea(text, Infinity),
  );
  return parsed ? { ...areaFromBbox(parsed.bbox), label: formatArea(parsed.bbox) } : undefined;
}

/** Ids typed or pasted by the user, separated by commas, spaces or lines. */
export async function askIds(what: string): Promise<string[] | undefined> {
  const text = await vscode.window.showInputBox({
    title: `${what} ids`,
    prompt: `${what} ids separated by commas or spaces (select images on the map, or run the command on a tree item, to skip this)`,
    ignoreFocusOut: true,
  });
  if (text === undefined) return undefined;
  const ids = text.split(/[\s,;]+/).filter(Boolean);
  return ids.length > 0 ? ids : undefined;
}
