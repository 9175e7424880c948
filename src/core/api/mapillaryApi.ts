// The Mapillary endpoints the extension and the command line use, on top of the Graph client and
// the collection helpers. Every entity returned carries its id, filled from the request when the
// service left it out.
import { type z } from 'zod';
import { type Bbox } from '../../shared/api/bbox';
import {
  type DetectionEntity,
  type ImageEntity,
  type MapFeatureEntity,
  type MeEntity,
  type OrganizationEntity,
  type UserEntity,
  detectionSchema,
  imageIdsSchema,
  imageSchema,
  mapFeatureSchema,
  meSchema,
  organizationSchema,
  userSchema,
} from '../../shared/api/entities';
import {
  DETECTION_FIELDS,
  DEFAULT_IMAGE_FIELDS,
  IMAGE_SEARCH_FIELDS,
  MAP_FEATURE_FIELDS,
  ORGANIZATION_FIELDS,
  USER_FIELDS,
  fieldsParam,
} from '../../shared/api/fields';
import { GraphError } from '../../shared/api/graphError';
import { type QueryParams } from '../../shared/api/graphUrl';
import { checkId } from '../../shared/api/ids';
import { type CallOptions, type GraphClient } from '../http/graphClient';
import { type BatchForm, BatchForms } from './batchForms';
import { type BboxSearchOptions, searchBbox } from './bboxSearch';
import { type GetManyOptions, type GetManyResult, getMany } from './getMany';
import { type PagingOptions, collectAll, pages } from './paging';

/** An entity whose id is known. */
export type Identified<T> = T & { id: string };
/** An image with its id. */
export type Image = Identified<ImageEntity>;
/** A map feature with its id. */
export type MapFeature = Identified<MapFeatureEntity>;
/** A detection with its id. */
export type Detection = Identified<DetectionEntity>;
/** An organization with its id. */
export type Organization = Identified<OrganizationEntity>;
/** A user with its id. */
export type User = Identified<UserEntity>;

/** Filters of `/images?bbox=`. Dates are ISO 8601 strings. */
export interface ImageSearchFilters {
  startCapturedAt?: string;
  endCapturedAt?: string;
  organizationId?: string;
  creatorUsername?: string;
  sequenceIds?: readonly string[];
  isPano?: boolean;
  fields?: readonly string[];
}

/** Filters of `/map_features?bbox=`. Dates are ISO 8601 strings. */
export interface MapFeatureSearchFilters {
  /** Values such as `regulatory--stop--g1`; wildcards allowed (`regulatory--*`). */
  objectValues?: readonly string[];
  startFirstSeenAt?: string;
  endFirstSeenAt?: string;
  startLastSeenAt?: string;
  endLastSeenAt?: string;
  fields?: readonly string[];
}

/** Filters of `/detections?bbox=`. */
export interface DetectionSearchFilters {
  values?: readonly string[];
  fields?: readonly string[];
}

function imageFilterParams(filters: ImageSearchFilters): QueryParams {
  return {
    fields: fieldsParam(filters.fields ?? IMAGE_SEARCH_FIELDS),
    start_captured_at: filters.startCapturedAt,
    end_captured_at: filters.endCapturedAt,
    organization_id: filters.organizationId,
    creator_username: filters.creatorUsername,
    sequence_ids: filters.sequenceIds?.length ? filters.sequenceIds.join(',') : undefined,
    is_pano: filters.isPano,
  };
}

/** The Mapillary API v4 endpoints. */
export class MapillaryApi {
  /** Which batch form the service took in this session (see batchForms.ts). */
  private readonly imageBatchForms = new BatchForms();

  constructor(readonly client: GraphClient) {}

  /** The batch form that worked last in this session, if a batched read has run. */
  get batchForm(): BatchForm | undefined {
    return this.imageBatchForms.current;
  }

  /** One image (`/<id>?fields=`); defaults to {@link DEFAULT_IMAGE_FIELDS}. */
  async getImage(
    id: string,
    fields: readonly string[] = DEFAULT_IMAGE_FIELDS,
    options?: CallOptions,
  ): Promise<Image> {
    const key = checkId(id, 'image');
    const image = await this.client.get(key, { fields: fieldsParam(fields) }, imageSchema, options);
    return { ...image, id: image.id ?? key };
  }

  /** Every image in an area, each once; splits the area when the service cuts the answer off. */
  searchImages(
    bbox: Bbox,
    filters: ImageSearchFilters = {},
    options?: BboxSearchOptions,
  ): AsyncGenerator<Image> {
    return searchBbox(
      this.client,
      'images',
      imageFilterParams(filters),
      bbox,
      imageSchema,
      options,
    );
  }

  /**
   * Images by creator, organization or sequences without an area, following `paging.next` to the
   * end. At least one of those filters is required by the service.
   */
  async *listImages(
    filters: ImageSearchFilters & { limit?: number },
    options?: PagingOptions,
  ): AsyncGenerator<Image> {
    if (!filters.creatorUsername && !filters.organizationId && !filters.sequenceIds?.length) {
      throw new GraphError(
        'bad-request',
        'Listing images needs a creator, an organization or sequences: or search an area instead.',
      );
    }
    const seen = new Set<string>();
    for await (const page of pages(
      this.client,
      'images',
      { ...imageFilterParams(filters), limit: filters.limit },
      imageSchema,
      options,
    )) {
      for (const image of page.data) {
        if (!image.id || seen.has(image.id)) continue;
        seen.add(image.id);
        yield image as Image;
      }
    }
  }

  /** The image ids of a sequence, in capture order (empty for an unknown sequence). */
  async getImageIds(sequenceId: string, options?: CallOptions): Promise<string[]> {
    const key = checkId(sequenceId, 'sequence');
    return this.client.get('image_ids', { sequence_id: key }, imageIdsSchema, options);
  }

  /** One map feature. */
  async getMapFeature(
    id: string,
    fields: readonly string[] = MAP_FEATURE_FIELDS,
    options?: CallOptions,
  ): Promise<MapFeature> {
    const key = checkId(id, 'mapFeature');
    const feature = await this.client.get(
      key,
      { fields: fieldsParam(fields) },
      mapFeatureSchema,
      options,
    );
    return { ...feature, id: feature.id ?? key };
  }

  /** Every map feature in an area, each once. */
  searchMapFeatures(
    bbox: Bbox,
    filters: MapFeatureSearchFilters = {},
    options?: BboxSearchOptions,
  ): AsyncGenerator<MapFeature> {
    return searchBbox(
      this.client,
      'map_features',
      {
        fields: fieldsParam(filters.fields ?? MAP_FEATURE_FIELDS),
        object_values: filters.objectValues?.length ? filters.objectValues.join(',') : undefined,
        start_first_seen_at: filters.startFirstSeenAt,
        end_first_seen_at: filters.endFirstSeenAt,
        start_last_seen_at: filters.startLastSeenAt,
        end_last_seen_at: filters.endLastSeenAt,
      },
      bbox,
      mapFeatureSchema,
      options,
    );
  }

  /** The detections of an image or a map feature, every page. */
  async getDetections(
    imageOrFeatureId: string,
    fields: readonly string[] = DETECTION_FIELDS,
    options?: PagingOptions,
  ): Promise<Detection[]> {
    const key = checkId(imageOrFeatureId, 'image', 'image or map feature id');
    const all = await collectAll(
      this.client,
      `${key}/detections`,
      { fields: fieldsParam(fields) },
      detectionSchema,
      options,
    );
    return all.filter((d): d is Detection => typeof d.id === 'string');
  }

  /** Every detection in an area, each once. */
  searchDetections(
    bbox: Bbox,
    filters: DetectionSearchFilters = {},
    options?: BboxSearchOptions,
  ): AsyncGenerator<Detection> {
    return searchBbox(
      this.client,
      'detections',
      {
        fields: fieldsParam(filters.fields ?? DETECTION_FIELDS),
        values: filters.values?.length ? filters.values.join(',') : undefined,
      },
      bbox,
      detectionSchema,
      options,
    );
  }

  /** One organization. */
  async getOrganization(id: string, options?: CallOptions): Promise<Organization> {
    const key = checkId(id, 'organization');
    const org = await this.client.get(
      key,
      { fields: fieldsParam(ORGANIZATION_FIELDS) },
      organizationSchema,
      options,
    );
    return { ...org, id: org.id ?? key };
  }

  /** One user. */
  async getUser(id: string, options?: CallOptions): Promise<User> {
    const key = checkId(id, 'creator', 'user id');
    const user = await this.client.get(
      key,
      { fields: fieldsParam(USER_FIELDS) },
      userSchema,
      options,
    );
    return { ...user, id: user.id ?? key };
  }

  /** The signed-in user (needs a user token). */
  getMe(options?: CallOptions): Promise<MeEntity> {
    return this.client.get('me', { fields: 'id,username' }, meSchema, options);
  }

  /**
   * Many images by id, batched (`/images?image_ids=` first, `/?ids=` when the service refuses it);
   * {@link DEFAULT_IMAGE_FIELDS} by default.
   */
  getMany<S extends z.ZodType = typeof imageSchema>(
    ids: readonly string[],
    fields: readonly string[] = DEFAULT_IMAGE_FIELDS,
    schema?: S,
    options?: GetManyOptions,
  ): Promise<GetManyResult<Identified<z.infer<S>>>> {
    return getMany(
      this.client,
      ids,
      fields,
      (schema ?? imageSchema) as S,
      options,
      this.imageBatchForms,
    );
  }

  /** Many entities of a kind other than images (map features, say) by id, with `/?ids=`. */
  getManyEntities<S extends z.ZodType>(
    ids: readonly string[],
    fields: readonly string[],
    schema: S,
    options?: GetManyOptions,
  ): Promise<GetManyResult<Identified<z.infer<S>>>> {
    return getMany(this.client, ids, fields, schema, options);
  }
}
