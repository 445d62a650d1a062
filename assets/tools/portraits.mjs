// The customer portraits: DiceBear's "Open Peeps" style (Pablo Stanley's Open Peeps, CC0 1.0;
// DiceBear's code MIT), fourteen people varied in age, gender and skin tone, each in the five
// expressions the game shows as the conversation goes. Rendered to PNG with resvg. Run through
// assets/tools/render-portraits, which installs the pinned packages from npm.
import { createAvatar } from '@dicebear/core';
import { openPeeps } from '@dicebear/collection';
import { Resvg } from '@resvg/resvg-js';
import fs from 'node:fs';
import path from 'node:path';

// The expression shown for each mood, from furious to pleased (see rapport_core::portrait).
const EXPRESSIONS = {
  furious: 'rage',
  annoyed: 'veryAngry',
  neutral: 'serious',
  warming: 'smile',
  pleased: 'smileBig',
};

// id: [head (hair), facial hair or null, skin colour, accessory or null, clothing colour,
//      hair colour]
const PEOPLE = {
  'older-woman-grey-bun': ['grayBun', null, 'ffdbb4', 'glasses', '8fa7d9', 'd9d9d9'],
  'older-man-grey-hair': ['grayShort', 'moustache2', '694d3d', null, 'c9a66b', 'cfcfcf'],
  'older-woman-grey-bob': ['grayMedium', null, 'd08b5b', 'glasses3', 'b58fd9', 'e3e3e3'],
  'woman-afro': ['afro', null, 'ae5d29', null, 'e0a458', '1b1b1b'],
  'man-full-beard': ['short2', 'full', 'd08b5b', null, '6fb3a8', '2c1b18'],
  'woman-hijab': ['hijab', null, 'edb98a', null, 'd98f8f', '2c1b18'],
  'man-turban': ['turban', 'full2', 'ae5d29', null, '8fa7d9', '1b1b1b'],
  'young-woman-long-hair': ['long', null, 'ffdbb4', null, '9ad98f', 'e8c77a'],
  'young-man-twists': ['twists', null, '694d3d', null, 'e0a458', '1b1b1b'],
  'woman-bun-glasses': ['bun', null, 'edb98a', 'glasses2', '6fb3a8', 'a55728'],
  'man-bald-goatee': ['noHair2', 'goatee1', 'ae5d29', null, 'c98fd9', '1b1b1b'],
  'woman-bangs': ['bangs', null, 'edb98a', null, 'd9c98f', '724133'],
  'man-dreads': ['dreads1', null, '694d3d', null, '8fd9c9', '1b1b1b'],
  'young-man-short-hair': ['short4', null, 'ffdbb4', null, 'd98f8f', '724133'],
};

const out = process.argv[2];
for (const [id, [head, facialHair, skin, accessory, clothing, hair]] of Object.entries(PEOPLE)) {
  fs.mkdirSync(path.join(out, id), { recursive: true });
  for (const [expression, face] of Object.entries(EXPRESSIONS)) {
    const svg = createAvatar(openPeeps, {
      seed: id,
      face: [face],
      head: [head],
      skinColor: [skin],
      clothingColor: [clothing],
      headContrastColor: [hair],
      facialHair: facialHair ? [facialHair] : [],
      facialHairProbability: facialHair ? 100 : 0,
      accessories: accessory ? [accessory] : [],
      accessoriesProbability: accessory ? 100 : 0,
      maskProbability: 0,
      backgroundColor: ['transparent'],
    }).toString();
    const png = new Resvg(svg, { fitTo: { mode: 'width', value: 256 } }).render().asPng();
    fs.writeFileSync(path.join(out, id, `${expression}.png`), png);
  }
}
console.log(`${Object.keys(PEOPLE).length} people x ${Object.keys(EXPRESSIONS).length} expressions`);
