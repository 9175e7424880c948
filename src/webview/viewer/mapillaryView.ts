// The view on MapillaryJS: 360° panoramas, transitions, zoom with resolution stepping up through the
// tile pyramid, the spatial arrows, and detections as outline tags (polygons with holes, a label on
// hover). The library's own keys for sequence and spatial navigation and play are off: the app owns
// the arrows, space, Home and End, so the plain picture view behaves the same. Its cover and its
// attribution bar (links to mapillary.com) are off too; the panel says where the imagery is from.
import {
  OutlineTag,
  PolygonGeometry,
  TagDomain,
  Viewer,
  type Image,
  type TagComponent,
  type ViewerBearingEvent,
  type ViewerImageEvent,
  type ViewerMouseEvent,
} from 'mapillary-js';
import { classColor } from '../../shared/map/mapStyle';
import { interiorPoint, type DetectionShape } from '../../shared/map/detectionPixels';
import { type Ring } from '../../shared/detections/polygonRings';
import { detectionClassName } from '../../shared/viewer/detectionClassNames';
import { type HostDataProvider } from './hostDataProvider';
import { type ImageView, type ImageViewEvents, type ShownImage } from './imageView';

const clamp = (v: number): number => Math.min(1, Math.max(0, v));

/** A ring in the library's basic coordinates: inside 0..1, closed, at least a triangle. */
function basicRing(ring: Ring): number[][] | undefined {
  const points = ring.map(([x, y]) => [clamp(x), clamp(y)]);
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last) return undefined;
  if (first[0] !== last[0] || first[1] !== last[1]) points.push([first[0] ?? 0, first[1] ?? 0]);
  return points.length >= 4 ? points : undefined;
}

function colorNumber(hex: string): number {
  return Number.parseInt(hex.slice(1), 16);
}

/** The image the library shows, as the app takes it. */
function shown(image: Image, bearing: number): ShownImage {
  return {
    id: image.id,
    sequenceId: image.sequenceId ?? undefined,
    lon: image.lngLat.lng,
    lat: image.lngLat.lat,
    bearing: ((bearing % 360) + 360) % 360,
    isPano: image.cameraType === 'spherical',
  };
}

/** MapillaryJS in the panel (see the file comment). */
export class MapillaryView implements ImageView {
  private readonly viewer: Viewer;
  private readonly tags: TagComponent;
  private readonly label: HTMLElement;
  private labels = new Map<string, string>();
  private hovering = false;
  private bearing = 0;
  private drawnFor: string | undefined;

  constructor(
    container: HTMLElement,
    provider: HostDataProvider,
    private readonly events: ImageViewEvents,
  ) {
    this.viewer = new Viewer({
      container,
      dataProvider: provider,
      imageTiling: true,
      trackResize: true,
      component: {
        attribution: false,
        cover: false,
        sequence: false,
        keyboard: {
          keyPlay: false,
          keySequenceNavigation: false,
          keySpatialNavigation: false,
          keyZoom: true,
        },
        bearing: true,
        cache: true,
        direction: true,
        image: true,
        pointer: true,
        tag: true,
        zoom: true,
        marker: false,
        popup: false,
        slider: false,
        spatial: false,
      },
    });
    this.tags = this.viewer.getComponent<TagComponent>('tag');
    this.label = document.createElement('div');
    this.label.className = 'mly-tag-label';
    this.label.hidden = true;
    container.append(this.label);
    this.viewer.on('image', this.onImage);
    this.viewer.on('bearing', this.onBearing);
    this.viewer.on('mousemove', this.onMouseMove);
    this.viewer.on('mouseout', this.onMouseOut);
  }

  async moveTo(imageId: string): Promise<ShownImage> {
    const image = await this.viewer.moveTo(imageId);
    this.bearing = await this.viewer.getBearing().catch(() => this.bearing);
    return shown(image, this.bearing);
  }

  setDetections(
    _imageId: string,
    shapes: readonly DetectionShape[],
    hidden: ReadonlySet<string>,
    highlighted?: string,
  ): void {
    this.tags.removeAll();
    this.labels = new Map();
    const tags: OutlineTag[] = [];
    for (const shape of shapes) {
      if (hidden.has(shape.value)) continue;
      const color = colorNumber(classColor(shape.value));
      const strong = shape.id === highlighted;
      shape.polygons.forEach((rings, k) => {
        const [outer, ...holes] = rings.map(basicRing);
        if (!outer) return;
        try {
          const geometry = new PolygonGeometry(
            outer,
            holes.filter((h): h is number[][] => h !== undefined),
          );
          const id = `${shape.id}:${k}`;
          tags.push(
            new OutlineTag(id, geometry, {
              domain: TagDomain.TwoDimensional,
              editable: false,
              indicateVertices: false,
              fillColor: color,
              fillOpacity: strong ? 0.6 : 0.35,
              lineColor: strong ? 0xffffff : color,
              lineWidth: strong ? 4 : 2,
            }),
          );
          this.labels.set(id, detectionClassName(shape.value));
        } catch {
          // A ring the library refuses (collapsed by clamping to the image) is left out.
        }
      });
    }
    if (tags.length) this.tags.add(tags);
  }

  async detectionPoint(shape: DetectionShape): Promise<[number, number] | undefined> {
    const rings = shape.polygons[0];
    const inside = rings && interiorPoint(rings);
    if (!inside) return undefined;
    const pixel = await this.viewer.projectFromBasic([clamp(inside[0]), clamp(inside[1])]);
    const [x, y] = pixel ?? [];
    return x === undefined || y === undefined ? undefined : [x, y];
  }

  private readonly onImage = (event: ViewerImageEvent): void => {
    const image = event.image;
    if (!image) return;
    // Told at once, with the bearing held; the viewer reports its new bearing as it turns.
    this.events.onImage(shown(image, this.bearing));
    // The library sets the image once its picture is loaded; the next frames draw it.
    if (this.drawnFor !== image.id) {
      this.drawnFor = image.id;
      requestAnimationFrame(() =>
        requestAnimationFrame(() => {
          if (this.drawnFor === image.id) this.events.onDrawn(image.id);
        }),
      );
    }
  };

  private readonly onBearing = (event: ViewerBearingEvent): void => {
    this.bearing = event.bearing;
    this.events.onBearing(((event.bearing % 360) + 360) % 360);
  };

  private readonly onMouseMove = (event: ViewerMouseEvent): void => {
    if (this.hovering || this.labels.size === 0) return;
    this.hovering = true;
    const [x = 0, y = 0] = event.pixelPoint;
    void this.tags
      .getTagIdsAt(event.pixelPoint)
      .then((ids) => {
        const name = ids.map((id) => this.labels.get(id)).find((n) => n !== undefined);
        this.label.hidden = name === undefined;
        if (name !== undefined) {
          this.label.textContent = name;
          this.label.style.transform = `translate(${Math.round(x + 14)}px, ${Math.round(y + 14)}px)`;
        }
      })
      .catch(() => undefined)
      .finally(() => (this.hovering = false));
  };

  private readonly onMouseOut = (): void => {
    this.label.hidden = true;
  };

  dispose(): void {
    this.viewer.off('image', this.onImage);
    this.viewer.off('bearing', this.onBearing);
    this.viewer.off('mousemove', this.onMouseMove);
    this.viewer.off('mouseout', this.onMouseOut);
    this.viewer.remove();
  }
}
