/**
 * Returns the eigenvalues of a general complex n×n matrix (row-major, interleaved re/im, length
 * 2n²), as interleaved re/im (length 2n): Householder reduction to upper Hessenberg form, then the
 * single-shift QR algorithm with Wilkinson shifts and Givens rotations (Golub & Van Loan,
 * Matrix Computations, 4th ed., §7.4–7.5, complex case). For the small matrices of HSVD (n ≤ ~60).
 * Throws if an eigenvalue fails to converge within 60·n iterations.
 */
export function complexEigenvalues(matrix: Float64Array, n: number): Float64Array {
  if (matrix.length !== 2 * n * n) throw new RangeError("complexEigenvalues(): the matrix is not n×n");
  const h = Float64Array.from(matrix);
  const re = (i: number, j: number): number => h[2 * (i * n + j)] ?? 0;
  const im = (i: number, j: number): number => h[2 * (i * n + j) + 1] ?? 0;

  // Householder reduction to upper Hessenberg form (similarity transform).
  const v = new Float64Array(2 * n);
  for (let k = 0; k < n - 2; k++) {
    let norm2 = 0;
    for (let i = k + 1; i < n; i++) norm2 += re(i, k) ** 2 + im(i, k) ** 2;
    const alphaAbs = Math.sqrt(norm2);
    if (alphaAbs < 1e-300) continue;
    const x0r = re(k + 1, k);
    const x0i = im(k + 1, k);
    const x0a = Math.hypot(x0r, x0i);
    // v = x + e^{i arg x0}·‖x‖·e1 (avoids cancellation).
    const pr = x0a > 0 ? x0r / x0a : 1;
    const pi = x0a > 0 ? x0i / x0a : 0;
    v.fill(0);
    for (let i = k + 1; i < n; i++) {
      v[2 * i] = re(i, k);
      v[2 * i + 1] = im(i, k);
    }
    v[2 * (k + 1)] = x0r + pr * alphaAbs;
    v[2 * (k + 1) + 1] = x0i + pi * alphaAbs;
    let vn = 0;
    for (let i = k + 1; i < n; i++) vn += (v[2 * i] ?? 0) ** 2 + (v[2 * i + 1] ?? 0) ** 2;
    if (vn < 1e-300) continue;
    // H ← (I − 2vvᴴ/vᴴv) H (I − 2vvᴴ/vᴴv)
    for (let j = 0; j < n; j++) {
      let sr = 0;
      let si = 0;
      for (let i = k + 1; i < n; i++) {
        const vr = v[2 * i] ?? 0;
        const vi = v[2 * i + 1] ?? 0;
        sr += vr * re(i, j) + vi * im(i, j);
        si += vr * im(i, j) - vi * re(i, j);
      }
      sr *= 2 / vn;
      si *= 2 / vn;
      for (let i = k + 1; i < n; i++) {
        const vr = v[2 * i] ?? 0;
        const vi = v[2 * i + 1] ?? 0;
        h[2 * (i * n + j)] = re(i, j) - (vr * sr - vi * si);
        h[2 * (i * n + j) + 1] = im(i, j) - (vr * si + vi * sr);
      }
    }
    for (let i = 0; i < n; i++) {
      let sr = 0;
      let si = 0;
      for (let j = k + 1; j < n; j++) {
        const vr = v[2 * j] ?? 0;
        const vi = v[2 * j + 1] ?? 0;
        sr += re(i, j) * vr - im(i, j) * vi;
        si += re(i, j) * vi + im(i, j) * vr;
      }
      sr *= 2 / vn;
      si *= 2 / vn;
      for (let j = k + 1; j < n; j++) {
        const vr = v[2 * j] ?? 0;
        const vi = v[2 * j + 1] ?? 0;
        // subtract s·vᴴ_j = s·conj(v_j)
        h[2 * (i * n + j)] = re(i, j) - (sr * vr + si * vi);
        h[2 * (i * n + j) + 1] = im(i, j) - (si * vr - sr * vi);
      }
    }
  }

  const out = new Float64Array(2 * n);
  let hi = n - 1;
  let iter = 0;
  const cs = new Float64Array(3 * n);
  while (hi >= 0) {
    if (hi === 0) {
      out[0] = re(0, 0);
      out[1] = im(0, 0);
      break;
    }
    // Find the active block [lo, hi]: the last negligible subdiagonal.
    let lo = hi;
    while (lo > 0) {
      const sub = Math.hypot(re(lo, lo - 1), im(lo, lo - 1));
      const diag = Math.hypot(re(lo, lo), im(lo, lo)) + Math.hypot(re(lo - 1, lo - 1), im(lo - 1, lo - 1));
      if (sub <= 1e-14 * (diag > 0 ? diag : 1)) {
        h[2 * (lo * n + lo - 1)] = 0;
        h[2 * (lo * n + lo - 1) + 1] = 0;
        break;
      }
      lo--;
    }
    if (lo === hi) {
      out[2 * hi] = re(hi, hi);
      out[2 * hi + 1] = im(hi, hi);
      hi--;
      iter = 0;
      continue;
    }
    iter++;
    if (iter > 60 * n) throw new RangeError("complexEigenvalues(): QR iteration did not converge");
    // Wilkinson shift: eigenvalue of the trailing 2×2 block closest to its last diagonal entry.
    const ar = re(hi - 1, hi - 1);
    const ai = im(hi - 1, hi - 1);
    const br = re(hi - 1, hi);
    const bi = im(hi - 1, hi);
    const cr = re(hi, hi - 1);
    const ci = im(hi, hi - 1);
    const dr = re(hi, hi);
    const di = im(hi, hi);
    let mur: number;
    let mui: number;
    if (iter % 11 === 10) {
      // Exceptional shift against cycling.
      mur = dr + Math.abs(cr);
      mui = di;
    } else {
      const tr = (ar - dr) / 2;
      const ti = (ai - di) / 2;
      // disc = t² + b·c
      const qr = tr * tr - ti * ti + (br * cr - bi * ci);
      const qi = 2 * tr * ti + (br * ci + bi * cr);
      const mod = Math.hypot(qr, qi);
      let sr = Math.sqrt(Math.max(0, (mod + qr) / 2));
      let si = Math.sqrt(Math.max(0, (mod - qr) / 2));
      if (qi < 0) si = -si;
      // choose the root that makes |t + s| large (shift closest to d)
      if (tr * sr + ti * si < 0) {
        sr = -sr;
        si = -si;
      }
      const denr = tr + sr;
      const deni = ti + si;
      const den2 = denr * denr + deni * deni;
      if (den2 > 0) {
        // μ = d − b·c/(t + s)
        const bcr = br * cr - bi * ci;
        const bci = br * ci + bi * cr;
        mur = dr - (bcr * denr + bci * deni) / den2;
        mui = di - (bci * denr - bcr * deni) / den2;
      } else {
        mur = dr;
        mui = di;
      }
    }
    for (let i = lo; i <= hi; i++) {
      h[2 * (i * n + i)] = re(i, i) - mur;
      h[2 * (i * n + i) + 1] = im(i, i) - mui;
    }
    // QR by Givens rotations: G_k zeroes h[k+1][k]; R = G·H, then H ← R·Gᴴ.
    for (let k = lo; k < hi; k++) {
      const xr = re(k, k);
      const xi = im(k, k);
      const yr = re(k + 1, k);
      const yi = im(k + 1, k);
      const nx = Math.hypot(xr, xi);
      const nrm = Math.hypot(nx, Math.hypot(yr, yi));
      let c: number;
      let s_r: number;
      let s_i: number;
      if (nrm === 0) {
        c = 1;
        s_r = 0;
        s_i = 0;
      } else if (nx === 0) {
        c = 0;
        s_r = yr / nrm;
        s_i = -yi / nrm;
      } else {
        c = nx / nrm;
        // s = (x/|x|)·conj(y)/nrm
        const ur = xr / nx;
        const ui = xi / nx;
        s_r = (ur * yr + ui * yi) / nrm;
        s_i = (ui * yr - ur * yi) / nrm;
      }
      cs[3 * k] = c;
      cs[3 * k + 1] = s_r;
      cs[3 * k + 2] = s_i;
      // rows k, k+1: [c s; −conj(s) c]
      for (let j = k; j < n; j++) {
        const pr = re(k, j);
        const pi = im(k, j);
        const qr = re(k + 1, j);
        const qi = im(k + 1, j);
        h[2 * (k * n + j)] = c * pr + (s_r * qr - s_i * qi);
        h[2 * (k * n + j) + 1] = c * pi + (s_r * qi + s_i * qr);
        h[2 * ((k + 1) * n + j)] = -(s_r * pr + s_i * pi) + c * qr;
        h[2 * ((k + 1) * n + j) + 1] = -(s_r * pi - s_i * pr) + c * qi;
      }
    }
    for (let k = lo; k < hi; k++) {
      const c = cs[3 * k] ?? 1;
      const s_r = cs[3 * k + 1] ?? 0;
      const s_i = cs[3 * k + 2] ?? 0;
      // columns k, k+1 multiplied by Gᴴ = [c −s; conj(s) c]
      const top = Math.min(hi, k + 2);
      for (let i = 0; i <= top; i++) {
        const pr = re(i, k);
        const pi = im(i, k);
        const qr = re(i, k + 1);
        const qi = im(i, k + 1);
        h[2 * (i * n + k)] = c * pr + (s_r * qr + s_i * qi);
        h[2 * (i * n + k) + 1] = c * pi + (s_r * qi - s_i * qr);
        h[2 * (i * n + k + 1)] = -(s_r * pr - s_i * pi) + c * qr;
        h[2 * (i * n + k + 1) + 1] = -(s_r * pi + s_i * pr) + c * qi;
      }
    }
    for (let i = lo; i <= hi; i++) {
      h[2 * (i * n + i)] = re(i, i) + mur;
      h[2 * (i * n + i) + 1] = im(i, i) + mui;
    }
  }
  return out;
}
