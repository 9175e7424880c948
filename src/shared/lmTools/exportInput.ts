// The input of mapillary_exportImages: which images (ids, or a search), what to write of them
// (their metadata, their detections, or the pictures themselves), in which format, under which
// name. Every combination the jobs cannot honour is refused here, before the confirmation, so the
// person is never asked to allow a write that would then fail on its input.
import { z } from 'zod';
import { entityId, imageFilters, startBeforeEnd } from './toolSchemaParts';

/** What an export writes. */
export const EXPORT_CONTENTS = ['metadata', 'detections', 'downloads'] as const;
/** The formats of metadata. */
export const METADATA_FORMATS = ['csv', 'geojson', 'jsonl', 'gpkg', 'fgb', 'parquet'] as const;
/** The formats of detections. */
export const DETECTION_FORMATS = ['geojson', 'coco', 'gpkg'] as const;
/** The picture sizes a download takes (pixels of the longer side, or the original). */
export const DOWNLOAD_SIZES = ['256', '1024', '2048', 'original'] as const;
/** Most images one call exports. */
export const MAX_EXPORT_IMAGES = 10_000;
/** Most pictures one call downloads: a tool call should not fill a disk. */
export const MAX_TOOL_DOWNLOADS = 1_000;

/** `mapillary_exportImages`. */
export const exportImagesInput = z
  .strictObject({
    imageIds: z
      .array(entityId('Mapillary image id'))
      .min(1)
      .max(MAX_EXPORT_IMAGES)
      .optional()
      .describe(
        `The images to export (1-${MAX_EXPORT_IMAGES.toLocaleString('en')} ids; at most ${MAX_TOOL_DOWNLOADS.toLocaleString('en')} for downloads). Give this or search, not both.`,
      ),
    search: z
      .strictObject({ ...imageFilters })
      .superRefine(startBeforeEnd)
      .optional()
      .describe(
        `Export the images this search finds (at most ${MAX_EXPORT_IMAGES.toLocaleString('en')}), with the filters of mapillary_searchImages.`,
      ),
    content: z
      .enum(EXPORT_CONTENTS)
      .default('metadata')
      .describe(
        'metadata (default): the fields of each image; detections: the objects recognised in the images, with their outlines; downloads: the pictures themselves, as JPEG files with a manifest.csv.',
      ),
    format: z
      .enum([...METADATA_FORMATS, 'coco'])
      .optional()
      .describe(
        'For metadata: csv (default, one row per image), geojson (a FeatureCollection of points), jsonl (JSON lines) gpkg (a GeoPackage for QGIS: an images point layer, images_computed at the computed positions, and sequences as lines), fgb (FlatGeobuf) or parquet (GeoParquet, for DuckDB or GeoPandas). For detections: geojson (default, outlines in normalised image coordinates), coco (COCO annotations in pixels) or gpkg (a GeoPackage: the images on the map, the detections as a table). Not for downloads.',
      ),
    columns: z
      .array(z.string().regex(/^[a-z0-9_.]{1,60}$/, 'a column name such as "captured_at"'))
      .min(1)
      .max(40)
      .optional()
      .describe(
        'Metadata only: columns to write, default seq_id, img_id, captured_at, compass_angle, lon, lat, is_pano, creator.username. Any image field works (e.g. "make", "camera_type", "computed_compass_angle").',
      ),
    size: z
      .enum(DOWNLOAD_SIZES)
      .optional()
      .describe('Downloads only: 256, 1024 (default), 2048 pixels wide, or original.'),
    fileName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/, 'letters, digits, "-" and "_", no extension')
      .optional()
      .describe(
        'Name of the file without extension (default "metadata" or "detections"), or of the folder for downloads (default "images"); it goes into the export folder of the workspace.',
      ),
  })
  .superRefine((value, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (!value.imageIds === !value.search)
      problem('imageIds', 'give exactly one of imageIds or search');
    const format = value.format;
    if (value.content === 'metadata') {
      if (format === 'coco')
        problem(
          'format',
          'coco is a format of detections: use csv, geojson, jsonl, gpkg, fgb or parquet for metadata',
        );
    } else if (value.content === 'detections') {
      if (format && !(DETECTION_FORMATS as readonly string[]).includes(format)) {
        problem('format', 'detections are written as geojson, coco or gpkg');
      }
    } else {
      if (format) problem('format', 'downloads are JPEG files: leave format out');
      if ((value.imageIds?.length ?? 0) > MAX_TOOL_DOWNLOADS) {
        problem('imageIds', `at most ${MAX_TOOL_DOWNLOADS} pictures are downloaded per call`);
      }
    }
    if (value.columns && value.content !== 'metadata') {
      problem('columns', 'columns apply to metadata only');
    }
    if (value.size && value.content !== 'downloads')
      problem('size', 'size applies to downloads only');
  });

/** The parsed input. */
export type ExportImagesInput = z.output<typeof exportImagesInput>;
