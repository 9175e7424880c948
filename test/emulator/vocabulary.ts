// The names, values and cameras the dataset draws from.

/** Organization names, in the order they are created. */
export const orgNames = [
  'Malmö Stad Gatukontoret',
  'Skåne Road Survey',
  'Öresund Mapping Collective',
  'Trafikverket Syd',
  'OpenStreetMap Sverige',
  'Lund University Geomatics',
  'Cykelfrämjandet Malmö',
  'Southern Sweden Utilities',
  'Nordic Fleet Imaging',
  'Hamnen Logistics',
  'Västra Hamnen Residents',
  'Malmö Public Transport',
];

/** Usernames; later users get a numeric suffix. */
export const userStems = [
  'anders',
  'bikemapper',
  'cityscan',
  'dashcam',
  'erik_s',
  'fotokarta',
  'gatubild',
  'hanna',
  'ingrid_maps',
  'johan',
  'karin',
  'lars',
  'mapillarian',
  'nils',
  'olofsson',
  'pano_pete',
  'streetview_se',
  'trafik',
  'ulla',
  'volvo_fleet',
];

/** Traffic sign classes, as in `object_value`. */
export const trafficSigns = [
  'regulatory--stop--g1',
  'regulatory--yield--g1',
  'regulatory--no-entry--g1',
  'regulatory--maximum-speed-limit-30--g1',
  'regulatory--maximum-speed-limit-50--g1',
  'regulatory--no-parking--g2',
  'warning--pedestrians-crossing--g4',
  'warning--children--g2',
  'information--parking--g1',
  'information--pedestrians-crossing--g1',
  'information--general-directions--g1',
  'complementary--both-directions--g2',
];

/** Point feature classes, as in `object_value`. */
export const pointValues = [
  'object--fire-hydrant',
  'object--street-light',
  'object--bench',
  'object--bike-rack',
  'object--junction-box',
  'object--trash-can',
  'object--manhole',
  'object--support--utility-pole',
  'object--traffic-light--general-upright',
  'object--sign--advertisement',
  'construction--flat--crosswalk-plain',
  'marking--discrete--crosswalk-zebra',
];

/** Segmentation classes: detections that belong to no map feature. */
export const segmentations = [
  'nature--vegetation',
  'construction--flat--road',
  'construction--flat--sidewalk',
  'construction--structure--building',
  'object--vehicle--car',
  'object--vehicle--bicycle',
  'human--person',
  'nature--sky',
];

/** A camera model and the images it takes. */
export interface Camera {
  make: string;
  model: string;
  width: number;
  height: number;
  cameraType: string;
  pano: boolean;
}

/** 360° cameras. */
export const panoCameras: Camera[] = [
  {
    make: 'GoPro',
    model: 'GoPro Max',
    width: 5760,
    height: 2880,
    cameraType: 'spherical',
    pano: true,
  },
  {
    make: 'Insta360',
    model: 'ONE X2',
    width: 6080,
    height: 3040,
    cameraType: 'equirectangular',
    pano: true,
  },
  {
    make: 'RICOH',
    model: 'THETA Z1',
    width: 6720,
    height: 3360,
    cameraType: 'spherical',
    pano: true,
  },
];

/** Perspective and fisheye cameras. */
export const flatCameras: Camera[] = [
  {
    make: 'Apple',
    model: 'iPhone 12',
    width: 4032,
    height: 3024,
    cameraType: 'perspective',
    pano: false,
  },
  {
    make: 'samsung',
    model: 'SM-G991B',
    width: 4000,
    height: 3000,
    cameraType: 'perspective',
    pano: false,
  },
  {
    make: 'GoPro',
    model: 'HERO9 Black',
    width: 4000,
    height: 3000,
    cameraType: 'fisheye',
    pano: false,
  },
  {
    make: 'Garmin',
    model: 'VIRB Ultra 30',
    width: 3840,
    height: 2160,
    cameraType: 'fisheye',
    pano: false,
  },
  {
    make: 'BlackVue',
    model: 'DR900X',
    width: 1920,
    height: 1080,
    cameraType: 'perspective',
    pano: false,
  },
];

/** A camera the service reports with the undocumented type "brown". */
export const brownCamera: Camera = {
  make: 'Sony',
  model: 'ILCE-6000',
  width: 6000,
  height: 4000,
  cameraType: 'brown',
  pano: false,
};
