import { CreditkitError, exportXGBoostJSON, stringifyXGBoostJSON, isGradientBoosting } from '../../core.js';
import { printModelNotices } from '../modelNotices.js';
import { type Command, requireString, valueFlags } from '../args.js';
import { fileArgs } from '../commandFiles.js';
import { readModelInput } from '../standardInput.js';
import { writeOutput, outputName } from '../standardOutput.js';

export const convertCommand: Command = {
  name: 'convert',
  summary: 'convert models between creditkit and XGBoost JSON',
  usage: 'creditkit convert --model M --out F [--to creditkit|xgboost]',
  help: [
    '  --model M    a creditkit model, or an XGBoost JSON model (save_model("m.json"), binary:logistic) (was --in)',
    '  --out F      where to write the converted model',
    '  --to FORMAT  creditkit (default) or xgboost; an XGBoost file loads in XGBoost 1.7+ with',
    '               Booster().load_model() and predicts the same PDs (within 1e-6)',
  ].join('\n'),
  options: {
    ...valueFlags('model', 'out', 'to'),
  },
  files: (v) => ({ inputs: fileArgs(v, 'model'), outputs: fileArgs(v, 'out'), standardOutput: ['out'] }),
  deprecatedFlags: { in: 'model' },
  async run(values, io) {
    const inPath = requireString(values, 'model', 'convert');
    const outPath = requireString(values, 'out', 'convert');
    const to = typeof values.to === 'string' ? values.to : 'creditkit';
    if (to !== 'creditkit' && to !== 'xgboost') throw new CreditkitError('E_USAGE', `--to must be creditkit or xgboost, got "${to}"`);
    const model = await readModelInput(inPath, printModelNotices(io, inPath));
    if (to === 'creditkit') {
      await writeOutput(outPath, JSON.stringify(model.toJSON()) + '\n', io);
    } else {
      if (!isGradientBoosting(model)) {
        throw new CreditkitError('E_USAGE', 'only gradient-boosting models can be exported to XGBoost', { file: inPath });
      }
      await writeOutput(outPath, stringifyXGBoostJSON(exportXGBoostJSON(model)) + '\n', io);
    }
    io.out(`wrote ${outputName(outPath)} (${to} format)`);
  },
};
