// **hubscale-text** makes the words of the synthetic Hub: account and repository names, titles, and card text
// (README with YAML front matter) whose length follows a log-normal distribution like real model cards.

import type { Rng } from './hubscale-random.js';

const SYLLABLES = [
  'ka',
  'vo',
  'ru',
  'mi',
  'lo',
  'sen',
  'ta',
  'ri',
  'no',
  'zu',
  'bel',
  'an',
  'dre',
  'jo',
  'xi',
  'ha',
  'pe',
  'ty',
  'gor',
  'li',
  'ma',
  'son',
  'el',
  'vin',
  'da',
  'ko',
  'yu',
  'fer',
  'qi',
  'nel',
];
const ORG_WORDS = [
  'Open',
  'Neural',
  'Deep',
  'Vision',
  'Lang',
  'Data',
  'Quantum',
  'Bright',
  'Nova',
  'Atlas',
  'Cortex',
  'Signal',
  'Vector',
  'Tensor',
  'Pixel',
  'Speech',
  'Bio',
  'Geo',
  'Civic',
  'Astra',
];
const ORG_SUFFIX = ['AI', 'Labs', 'Research', 'Group', 'Institute', 'Collective', 'Team', 'Uni'];

/** Model families with a typical pipeline tag, library and size labels (index = family id stored per model). */
export const FAMILIES: { name: string; task: string; library: string; sizes: string[] }[] = [
  { name: 'llama', task: 'text-generation', library: 'transformers', sizes: ['7b', '8b', '13b', '70b'] },
  { name: 'mistral', task: 'text-generation', library: 'transformers', sizes: ['7b', '8x7b'] },
  { name: 'qwen2', task: 'text-generation', library: 'transformers', sizes: ['0.5b', '1.5b', '7b', '72b'] },
  { name: 'bert', task: 'fill-mask', library: 'transformers', sizes: ['base', 'large'] },
  { name: 'roberta', task: 'fill-mask', library: 'transformers', sizes: ['base', 'large'] },
  { name: 'distilbert', task: 'text-classification', library: 'transformers', sizes: ['base'] },
  { name: 'deberta-v3', task: 'text-classification', library: 'transformers', sizes: ['small', 'base', 'large'] },
  { name: 't5', task: 'summarization', library: 'transformers', sizes: ['small', 'base', 'large', 'xl'] },
  {
    name: 'whisper',
    task: 'automatic-speech-recognition',
    library: 'transformers',
    sizes: ['tiny', 'small', 'large-v3'],
  },
  { name: 'wav2vec2', task: 'automatic-speech-recognition', library: 'transformers', sizes: ['base', 'large-xlsr-53'] },
  {
    name: 'vit',
    task: 'image-classification',
    library: 'transformers',
    sizes: ['base-patch16-224', 'large-patch16-224'],
  },
  {
    name: 'clip',
    task: 'zero-shot-image-classification',
    library: 'transformers',
    sizes: ['vit-base-patch32', 'vit-large-patch14'],
  },
  { name: 'stable-diffusion', task: 'text-to-image', library: 'diffusers', sizes: ['v1-5', '2-1', 'xl-base-1.0'] },
  { name: 'flux', task: 'text-to-image', library: 'diffusers', sizes: ['schnell', 'dev'] },
  { name: 'minilm', task: 'sentence-similarity', library: 'sentence-transformers', sizes: ['L6-v2', 'L12-v2'] },
  { name: 'detr', task: 'object-detection', library: 'transformers', sizes: ['resnet-50', 'resnet-101'] },
  { name: 'gemma', task: 'text-generation', library: 'transformers', sizes: ['2b', '7b', '9b'] },
  { name: 'phi', task: 'text-generation', library: 'transformers', sizes: ['2', '3-mini', '3.5-mini'] },
  {
    name: 'ppo',
    task: 'reinforcement-learning',
    library: 'stable-baselines3',
    sizes: ['LunarLander-v2', 'CartPole-v1'],
  },
  { name: 'segformer', task: 'image-segmentation', library: 'transformers', sizes: ['b0', 'b2', 'b5'] },
];

/** Suffix a derived model's name carries, by lineage relation (as users name them on the Hub). */
export const LINEAGE_SUFFIX: Record<'finetune' | 'adapter' | 'merge' | 'quantized', string[]> = {
  finetune: ['finetuned', 'ft', 'instruct', 'sft', 'dpo', 'chat'],
  adapter: ['lora', 'qlora', 'peft', 'adapter'],
  merge: ['merge', 'slerp', 'ties', 'dare'],
  quantized: ['GGUF', 'AWQ', 'GPTQ', '4bit', 'exl2'],
};

const WORDS = (
  'model trained fine tuned dataset evaluation results training procedure hyperparameters learning rate ' +
  'batch size epochs optimizer adam loss accuracy validation split language english multilingual benchmark task ' +
  'intended uses limitations bias risks license usage example inference pipeline tokenizer checkpoint weights ' +
  'architecture transformer attention layers hidden parameters precision quantization memory gpu hardware carbon ' +
  'emissions citation authors framework version pytorch safetensors downstream classification generation text image ' +
  'audio speech vision prompt instruction chat assistant safety evaluation metric score test data collection source ' +
  'preprocessing filtering deduplication samples tokens context length vocabulary domain medical legal code math ' +
  'reasoning retrieval embedding similarity summary translation question answering entity recognition'
).split(' ');

/** A lowercase account name, unique per index: letters then the index (no '-', so never equal to an org name). */
export function userName(rng: Rng, index: number): string {
  let s = '';
  const n = 2 + rng.int(2);
  for (let i = 0; i < n; i++) s += rng.pick(SYLLABLES);
  return s + index;
}

export function fullName(rng: Rng): string {
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const first = cap(rng.pick(SYLLABLES) + rng.pick(SYLLABLES));
  const last = cap(rng.pick(SYLLABLES) + rng.pick(SYLLABLES) + rng.pick(SYLLABLES));
  return `${first} ${last}`;
}

/** An organisation name, unique per index; always contains '-', so disjoint from user names. */
export function orgName(rng: Rng, index: number): string {
  return `${rng.pick(ORG_WORDS)}${rng.pick(ORG_WORDS)}-${rng.pick(ORG_SUFFIX)}-${index}`;
}

export function slugWords(rng: Rng, count: number): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(rng.pick(WORDS));
  return out.join('-');
}

export function titleWords(rng: Rng, count: number): string {
  const w = slugWords(rng, count).split('-');
  return w.map((x) => x.charAt(0).toUpperCase() + x.slice(1)).join(' ');
}

/** Running prose of about `chars` characters (sentences of 6–18 words, paragraphs of 3–6 sentences). */
export function prose(rng: Rng, chars: number): string {
  const parts: string[] = [];
  let len = 0;
  let sentences = 0;
  while (len < chars) {
    const n = 6 + rng.int(13);
    const words: string[] = [];
    for (let i = 0; i < n; i++) words.push(rng.pick(WORDS));
    const sentence = words.join(' ');
    const s = sentence.charAt(0).toUpperCase() + sentence.slice(1) + '.';
    parts.push(s);
    len += s.length + 1;
    if (++sentences % (3 + rng.int(4)) === 0) {
      parts.push('\n\n');
      len += 2;
    }
  }
  return parts
    .join(' ')
    .replace(/ \n\n /g, '\n\n')
    .slice(0, Math.max(0, chars));
}

/** Card-text body length: log-normal, median ~1.2 kB, capped (real cards range from a line to ~100 kB). */
export function cardLength(rng: Rng): number {
  return Math.min(60_000, Math.max(40, Math.round(rng.logNormal(1200, 1.1))));
}

/** A README.md: YAML front matter (what cardData echoes), a title and sections of prose. */
export function readme(rng: Rng, title: string, frontMatter: Record<string, unknown>): string {
  const yaml = Object.entries(frontMatter)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => (Array.isArray(v) ? `${k}:\n${v.map((x) => `- ${x}`).join('\n')}` : `${k}: ${v}`))
    .join('\n');
  const body = cardLength(rng);
  const sections = ['Model description', 'Intended uses & limitations', 'Training procedure', 'Evaluation results'];
  const per = Math.max(20, Math.floor(body / sections.length));
  let text = `---\n${yaml}\n---\n\n# ${title}\n\n`;
  for (const s of sections) {
    if (text.length > body + 200) break;
    text += `## ${s}\n\n${prose(rng, per)}\n\n`;
  }
  return text;
}
