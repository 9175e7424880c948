// What the viewer app asks of a view, whichever draws the pictures: MapillaryJS (WebGL, 360°
// panoramas, transitions, spatial arrows) or the plain picture view (no WebGL). The app steps,
// plays and toggles detections through this, so both behave alike.
import { type DetectionShape } from '../../shared/map/detectionPixels';

/** The image a view shows, once it shows it. */
export interface ShownImage {
  id: string;
  sequenceId: string | undefined;
  lon: number;
  lat: number;
  /** Degrees clockwise from north the view looks at. */
  bearing: number;
  isPano: boolean;
}

/** What a view tells the app. */
export interface ImageViewEvents {
  /** Another image is shown (by the app, or by the view's own arrows). */
  onImage(image: ShownImage): void;
  /** The view turned (dragging a panorama). */
  onBearing(bearing: number): void;
  /** The picture of the shown image is on screen. */
  onDrawn(imageId: string): void;
}

/** A view of one image at a time. */
export interface ImageView {
  /** Shows `imageId`; resolves with it once shown, rejects when cancelled by a newer move. */
  moveTo(imageId: string): Promise<ShownImage>;
  /**
   * Draws these detections over the shown image (those of hidden classes left out), the one with
   * the id `highlighted` drawn stronger (a map feature's detection).
   */
  setDetections(
    imageId: string,
    shapes: readonly DetectionShape[],
    hidden: ReadonlySet<string>,
    highlighted?: string,
  ): void;
  /** Where a detection's inside is drawn now, in the view's pixels (for people and tests). */
  detectionPoint(shape: DetectionShape): Promise<[number, number] | undefined>;
  dispose(): void;
}
