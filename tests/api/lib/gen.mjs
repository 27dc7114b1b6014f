// Generators for test data: valid and invalid unified social credit codes (GB 32100-2015).

const CS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const W = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// GB 32100 check character over the first 17 characters.
export function creditCheck(s17) {
  let t = 0;
  for (let i = 0; i < 17; i++) {
    const v = CS.indexOf(s17[i]);
    if (v < 0) throw new Error(`bad credit code char ${s17[i]}`);
    t += v * W[i];
  }
  return CS[(31 - (t % 31)) % 31];
}

// GB 11714 organisation code check (9th char of the 9-char organisation code).
function orgCheck(s8) {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let t = 0;
  for (let i = 0; i < 8; i++) t += parseInt(s8[i], 36) * w[i];
  const c = 11 - (t % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

let seq = 0;
const runSalt = String(Date.now() % 1e5).padStart(5, '0');

// A fresh valid code: 9 (industry & commerce) 1 (enterprise), region, organisation code, check.
export function creditCode(region = '320583') {
  seq++;
  const body8 = (runSalt + String(seq).padStart(3, '0')).slice(-8);
  const org = body8 + orgCheck(body8);
  const s17 = '91' + region.slice(0, 6) + org;
  return s17 + creditCheck(s17);
}

// Same shape with a wrong check character.
export function creditCodeBad(region = '320583') {
  const good = creditCode(region);
  const right = good[17];
  const wrong = CS[(CS.indexOf(right) + 7) % 31];
  return good.slice(0, 17) + wrong;
}

export function uniq() {
  seq++;
  return runSalt + String(seq).padStart(4, '0');
}
