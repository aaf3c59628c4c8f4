import { applySigmoid } from './predict';

// Scoring over rows binned by a model's threshold binning (src/models/predict/thresholdBinning.ts):
// bin(v) = number of the feature's split thresholds <= v, missing = 255. A node
// whose threshold is the r-th (0-based) of its feature sends a non-missing row
// left when bin <= r, exactly when v < threshold. Missing values follow the
// node's default direction through one unsigned comparison: the node stores
// dl (1 = default left) and limit = r + dl, and a row goes left when
// (bin + dl) & 255 <= limit. With dl = 0 that is bin <= r and 255 > r; with
// dl = 1 a bin b <= 254 gives b + 1 <= r + 1, and 255 wraps to 0 <= limit.
// Bins are only compared, never used as addresses, so any byte is safe.

/** Rows the level-wise kernel scores together: four v128 of 16 u8 lanes. */
export const BINNED_GROUP_ROWS: i32 = 64;
/** Groups predictBinnedBlocks scores in one pass, each tree over all of them before the next. */
const GROUPS_PER_PASS: i32 = 4;
/** Work space of a pass: per group, LEAF_BATCH trees' 64 row positions, 1,024 bytes (src/models/predict/binnedCompleteKernel.ts). */
export const GROUP_WORK_BYTES: i32 = 1024 * GROUPS_PER_PASS;

/**
 * Scalar twin of predictBinnedComplete (one row at a time), compared with it
 * by test/models/predict/binnedForest.test.ts and levelPrograms.test.ts. The same
 * arguments but the level programs (scratch unused), the same results.
 */
export function predictBinnedCompleteNaive(
  bins: usize, nFeatures: i32, nRows: i32, slots: usize, trees: usize, nTrees: i32, base: f64, proba: i32, scratch: usize, out: usize,
): void {
  binnedCompleteRows(bins, nFeatures, 0, nRows, slots, trees, nTrees, base, out);
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * Raw scores of a forest in the pointer encoding over binned rows (trees
 * deeper than the complete encoding allows). A node is 16 bytes: i32 feature
 * index | dl << 31, i32 limit, i32 left, i32 right; a leaf points to itself,
 * so every row of tree t takes depths[t] steps; values[n] is node n's leaf
 * value. Scalar, one row at a time.
 *
 * @param bins    IN  u8 [nRows * stride], row-major
 * @param nodes   IN  16-byte nodes of all trees
 * @param roots   IN  i32 [nTrees] root node of each tree
 * @param depths  IN  i32 [nTrees]
 * @param values  IN  f64 [nNodes]
 * @param out     OUT f64 [nRows]
 */
export function predictBinnedPointers(
  bins: usize, stride: i32, nRows: i32, nodes: usize, roots: usize, depths: usize, nTrees: i32, values: usize, base: f64, proba: i32, out: usize,
): void {
  for (let i = 0; i < nRows; i++) {
    const row = bins + <usize>i * <usize>stride;
    let sum = base;
    for (let t = 0; t < nTrees; t++) {
      let n = load<i32>(roots + (<usize>t << 2));
      const depth = load<i32>(depths + (<usize>t << 2));
      for (let d = 0; d < depth; d++) {
        const node = nodes + (<usize>n << 4);
        const goLeft = binnedGoLeft(row, load<i32>(node), load<i32>(node, 4));
        n = select<i32>(load<i32>(node, 8), load<i32>(node, 12), goLeft);
      }
      sum += load<f64>(values + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), sum);
  }
  if (proba != 0) applySigmoid(out, nRows);
}

/** Raw scores of rows [from, to) walked one at a time (the SIMD kernel's twin). */
function binnedCompleteRows(bins: usize, stride: i32, from: i32, to: i32, slots: usize, trees: usize, nTrees: i32, base: f64, out: usize): void {
  for (let i = from; i < to; i++) {
    const row = bins + <usize>i * <usize>stride;
    let sum = base;
    for (let t = 0; t < nTrees; t++) {
      const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
      const depth = load<i32>(trees + (<usize>t << 3), 4);
      let n = 0;
      for (let d = 0; d < depth; d++) {
        const slot = tree + (<usize>n << 3);
        n = (n << 1) + 2 - <i32>binnedGoLeft(row, load<i32>(slot), load<i32>(slot, 4));
      }
      sum += load<f64>(tree + (<usize>n << 3));
    }
    store<f64>(out + (<usize>i << 3), sum);
  }
}

/** Whether the row goes left at a node (feature index | dl << 31, limit): see the file comment. */
// @ts-ignore: decorator
@inline
function binnedGoLeft(row: usize, fd: i32, limit: i32): bool {
  const b = <u32>load<u8>(row + <usize>(fd & 0x7fffffff));
  return ((b + (<u32>fd >>> 31)) & 255) <= (<u32>limit & 255);
}

/**
 * Raw scores of a forest in the complete-tree encoding over binned rows,
 * 64 rows at a time in four v128 (one u8 lane per row).
 *
 * The layout is predictForestComplete's (see predict.ts) with other internal
 * slots: i32 feature index | dl << 31, then i32 limit | c << 8 where c is
 * 16 f, or 16 (nFeatures + f) for a default-left node (the node's column in
 * the transposed block below, in units of 4 bytes).
 *
 * Each group of 64 rows is first transposed into `scratch`: column f holds
 * the 64 rows' bins of feature f (64 bytes at scratch + 64 f), followed by
 * the same columns plus one (wrapping, so missing 255 becomes 0) for the
 * default-left nodes; a last partial group is padded with zeros. Each tree
 * (depth <= COMPLETE_MAX_DEPTH = 8, so positions fit in a byte) is then
 * evaluated level by level: p holds
 * each row's position within the level; for every node j of the level, its
 * column is compared with its limit for all rows at once (saturating u8
 * subtraction: 0 when bin <= limit), or-ed with p ^ j (0 only in the lanes
 * at node j) and min-accumulated, so a lane ends at 0 exactly when its own
 * node sends it left; then p = 2p + (goes right). The node's offset and
 * limit are loaded once for the four vectors. Evaluating every node costs
 * 2^D per tree against D lane-by-lane steps for a walk, yet measured faster
 * up to depth 8 (bench/RESULTS.md §16).
 *
 * Leaf values are added in tree order, so scores equal
 * predictBinnedCompleteNaive's, and predictForestComplete's on the raw rows,
 * bit for bit.
 *
 * Wide levels may instead be evaluated column by column, as each tree's level
 * program says. Node by node, a level of W nodes costs four vector operations
 * per node and row vector. On the wide levels of a boosted tree many nodes
 * share a column (a depth-6 tree's last level has 32 nodes but about 19
 * distinct columns), so there each lane first looks up its node's column id
 * and limit by its position (i8x16.swizzle on the level's tables), then every
 * distinct column of the level is or-ed into the lanes whose id it is (three
 * operations per column and vector) and one saturating subtraction against
 * the looked-up limits decides the level for all rows. A level whose nodes
 * use a feature with both default directions may read the feature's own
 * column once instead of both copies, each lane then adding its node's
 * default-left flag (bit 7 of the id it looked up) before the subtraction. When a
 * tree's first three levels go node by node they are evaluated together
 * (topPosition: no loop). Leaves are added from the leaf table that follows the
 * programs, 16 trees at a time, each tree over four groups before the next
 * (predictBinnedBlocks). All ways give the same
 * positions, so the scores do not depend on the programs.
 *
 * @param bins    IN  u8 [nRows * nFeatures], row-major: feature f of row i at bins + i * nFeatures + f
 * @param slots   IN  the trees' slots, one tree after another
 * @param trees   IN  i32 [2 * nTrees]: byte offset of the tree's first slot, its depth D
 * @param levels  IN  the forest's tables (src/models/predict/levelPrograms.ts): i32 byte offset
 *                from `levels` of the leaf table and i32 its stride per tree (SHALLOW_LEAF_STRIDE
 *                or 2,048), then i32 [nTrees]: byte offset from `levels` of each tree's
 *                program; a program has per level d (in order) one byte F.
 *                F = 0: the level is evaluated node by node from the slots.
 *                0 < F < 128 (2^d <= 32, nFeatures <= 128): F distinct column ids (the column's
 *                index in the transposed block, f or nFeatures + f), each as 16 equal bytes
 *                (compared with the lanes' ids as loaded, no splat), then the
 *                2^d nodes' column ids and the 2^d nodes' limits, by position.
 *                F = 128 + F': the same with F' feature columns (ids f < nFeatures),
 *                each node's id byte holding its default-left flag in bit 7.
 *                The programs end with 16 bytes of padding (tables are read as v128);
 *                tree t's 2^D leaves (f64) follow at leaf table + t * stride.
 * @param proba   1: write sigmoid(score), 0: raw scores
 * @param scratch OUT u8 [2 nFeatures * 64 + GROUP_WORK_BYTES] work space
 * @param out     OUT f64 [nRows]
 */
export function predictBinnedComplete(
  bins: usize, nFeatures: i32, nRows: i32, slots: usize, trees: usize, nTrees: i32, levels: usize, base: f64, proba: i32, scratch: usize, out: usize,
): void {
  const nf = <usize>nFeatures;
  const plusOne = scratch + (nf << 6);
  const pos = scratch + (nf << 7);
  const one = i8x16.splat(1);
  const zero = i8x16.splat(0);
  for (let i = 0; i < nRows; i += BINNED_GROUP_ROWS) {
    const m = <usize>min(BINNED_GROUP_ROWS, nRows - i);
    const r0 = bins + <usize>i * nf;
    if (m < <usize>BINNED_GROUP_ROWS) for (let f: usize = 0; f < nf; f++) for (let k: usize = 0; k < 64; k += 16) v128.store(scratch + (f << 6) + k, zero);
    for (let k: usize = 0; k < m; k++) {
      const row = r0 + k * nf;
      for (let f: usize = 0; f < nf; f++) store<u8>(scratch + (f << 6) + k, load<u8>(row + f));
    }
    for (let c: usize = 0; c < nf << 6; c += 16) v128.store(plusOne + c, i8x16.add(v128.load(scratch + c), one));
    scoreGroups(scratch, 0, m, slots, trees, nTrees, levels, base, pos, out + (<usize>i << 3));
  }
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * predictBinnedComplete over rows already in its transposed layout (as
 * binColumnByTable writes them for raw-float scoring, see binningTable.ts):
 * per group of 64 rows, 2 nFeatures columns of 64 bytes, the bins of each
 * feature then the same plus one (wrapping), so no transposition is left.
 * Same scores as predictBinnedComplete on the same rows, bit for bit.
 *
 * @param blocks  IN  u8 [ceil(nRows / 64) * 128 * nFeatures]
 * @param pos     OUT u8 [GROUP_WORK_BYTES] work space
 */
export function predictBinnedBlocks(
  blocks: usize, nFeatures: i32, nRows: i32, slots: usize, trees: usize, nTrees: i32, levels: usize, base: f64, proba: i32, pos: usize, out: usize,
): void {
  const blockBytes = <usize>nFeatures << 7;
  const passRows = BINNED_GROUP_ROWS * GROUPS_PER_PASS;
  for (let i = 0; i < nRows; i += passRows) {
    const m = <usize>min(passRows, nRows - i);
    scoreGroups(blocks + <usize>(i >>> 6) * blockBytes, blockBytes, m, slots, trees, nTrees, levels, base, pos, out + (<usize>i << 3));
  }
  if (proba != 0) applySigmoid(out, nRows);
}

/**
 * The raw scores of `rows` <= 64 GROUPS_PER_PASS rows in groups of 64 transposed
 * from `block0` on, `blockBytes` apart (each feature's 64 bins, then the same
 * plus one), written at o; `pos` is 1,024 bytes of work space per group.
 */
// @ts-ignore: decorator
@inline
function scoreGroups(block0: usize, blockBytes: usize, rows: usize, slots: usize, trees: usize, nTrees: i32, levels: usize, base: f64, pos: usize, o: usize): void {
  for (let k: usize = 0; k < rows; k++) store<f64>(o + (k << 3), base);
  const nGroups = (rows + 63) >>> 6;
  const leafTable = levels + <usize>load<i32>(levels);
  const leafStride = <usize>load<i32>(levels, 4);
  let batch = 0;
  for (let t = 0; t < nTrees; t++) {
    const tree = slots + <usize>load<i32>(trees + (<usize>t << 3));
    const depth = load<i32>(trees + (<usize>t << 3), 4);
    const program = levels + <usize>load<i32>(levels + LEVELS_HEADER_BYTES + (<usize>t << 2));
    // One tree over every group of the pass (its tables stay in L1). Group g's positions go to
    // its 1,024 bytes of `pos`, LEAF_BATCH trees' 64 bytes each.
    for (let g: usize = 0; g < nGroups; g++) treePositions(block0 + g * blockBytes, tree, depth, program, pos + (g << 10) + (<usize>batch << 6));
    if (++batch == LEAF_BATCH) {
      // The leaves are added LEAF_BATCH trees at a time from the leaf table (each row's sum loaded
      // and stored once per batch, its additions still in tree order).
      const leaves = leafTable + <usize>(t + 1 - LEAF_BATCH) * leafStride;
      for (let g: usize = 0; g < nGroups; g++) {
        const m = min<usize>(BINNED_GROUP_ROWS, rows - (g << 6));
        // The stride is a constant in each branch, so every tree's leaves are at an immediate offset.
        if (leafStride == SHALLOW_LEAF_STRIDE) addLeafBatch<u64>(pos + (g << 10), m, o + (g << 9), leaves);
        else addLeafBatch<v128>(pos + (g << 10), m, o + (g << 9), leaves);
      }
      batch = 0;
    }
  }
  if (batch > 0) {
    // The last batch (fewer than LEAF_BATCH trees): 8, 4, 2 and 1 trees at a time, as the count's bits say.
    const leaves = leafTable + <usize>(nTrees - batch) * leafStride;
    for (let g: usize = 0; g < nGroups; g++) {
      const m = min<usize>(BINNED_GROUP_ROWS, rows - (g << 6));
      if (leafStride == SHALLOW_LEAF_STRIDE) addLeafTail<u64>(pos + (g << 10), m, o + (g << 9), leaves, batch);
      else addLeafTail<v128>(pos + (g << 10), m, o + (g << 9), leaves, batch);
    }
  }
}

/**
 * The positions among the leaves of tree (slots at `tree`, `depth` levels,
 * level program at `program`) of the 64 rows of the group at `block`,
 * stored as 64 bytes at `at`.
 */
// @ts-ignore: decorator
@inline
function treePositions(block: usize, tree: usize, depth: i32, program: usize, at: usize): void {
  const one = i8x16.splat(1);
  const zero = i8x16.splat(0);
  const ones = i8x16.splat(-1);
  const sixteen = i8x16.splat(16);
  let prog = program;
  let pa = zero, pb = zero, pc = zero, pd = zero;
  let level = tree;
  let d = 0;
  if (depth >= 3 && (load<u32>(prog) & 0xffffff) == 0) {
    // The first three levels node by node: all seven nodes at once, straight-line (see topPosition).
    const c0 = nodeColumn(block, tree), c1 = nodeColumn(block, tree + 8), c2 = nodeColumn(block, tree + 16), c3 = nodeColumn(block, tree + 24);
    const c4 = nodeColumn(block, tree + 32), c5 = nodeColumn(block, tree + 40), c6 = nodeColumn(block, tree + 48);
    const l0 = v128.load8_splat(tree + 4), l1 = v128.load8_splat(tree + 12), l2 = v128.load8_splat(tree + 20), l3 = v128.load8_splat(tree + 28);
    const l4 = v128.load8_splat(tree + 36), l5 = v128.load8_splat(tree + 44), l6 = v128.load8_splat(tree + 52);
    pa = topPosition(c0, c1, c2, c3, c4, c5, c6, l0, l1, l2, l3, l4, l5, l6, 0);
    pb = topPosition(c0, c1, c2, c3, c4, c5, c6, l0, l1, l2, l3, l4, l5, l6, 16);
    pc = topPosition(c0, c1, c2, c3, c4, c5, c6, l0, l1, l2, l3, l4, l5, l6, 32);
    pd = topPosition(c0, c1, c2, c3, c4, c5, c6, l0, l1, l2, l3, l4, l5, l6, 48);
    prog += 3;
    level = tree + 56;
    d = 3;
  }
  for (; d < depth; d++) {
    const width = 1 << d;
    const nCols = <usize>load<u8>(prog);
    if (d == 0 && nCols == 0) {
      // The root: every lane is at node 0, so p = 1 + (goes left ? -1 : 0).
      const col = block + (<usize>(load<u32>(level, 4) >>> 8) << 2);
      const lim = v128.load8_splat(level + 4);
      pa = i8x16.add(one, i8x16.eq(i8x16.sub_sat_u(v128.load(col), lim), zero));
      pb = i8x16.add(one, i8x16.eq(i8x16.sub_sat_u(v128.load(col, 16), lim), zero));
      pc = i8x16.add(one, i8x16.eq(i8x16.sub_sat_u(v128.load(col, 32), lim), zero));
      pd = i8x16.add(one, i8x16.eq(i8x16.sub_sat_u(v128.load(col, 48), lim), zero));
      prog += 1;
    } else if (nCols == 0) {
      let ma = ones, mb = ones, mc = ones, md = ones;
      let j = zero;
      for (let q = 0; q < width; q++) {
        const slot = level + (<usize>q << 3);
        const col = block + (<usize>(load<u32>(slot, 4) >>> 8) << 2);
        const lim = v128.load8_splat(slot + 4);
        ma = i8x16.min_u(ma, v128.or(i8x16.sub_sat_u(v128.load(col), lim), v128.xor(pa, j)));
        mb = i8x16.min_u(mb, v128.or(i8x16.sub_sat_u(v128.load(col, 16), lim), v128.xor(pb, j)));
        mc = i8x16.min_u(mc, v128.or(i8x16.sub_sat_u(v128.load(col, 32), lim), v128.xor(pc, j)));
        md = i8x16.min_u(md, v128.or(i8x16.sub_sat_u(v128.load(col, 48), lim), v128.xor(pd, j)));
        j = i8x16.add(j, one);
      }
      pa = i8x16.add(i8x16.add(i8x16.add(pa, pa), one), i8x16.eq(ma, zero));
      pb = i8x16.add(i8x16.add(i8x16.add(pb, pb), one), i8x16.eq(mb, zero));
      pc = i8x16.add(i8x16.add(i8x16.add(pc, pc), one), i8x16.eq(mc, zero));
      pd = i8x16.add(i8x16.add(i8x16.add(pd, pd), one), i8x16.eq(md, zero));
      prog += 1;
    } else {
      const cols = prog + 1;
      const idTable = cols + ((nCols & 127) << 4);
      const limTable = idTable + <usize>width;
      // Tables are loaded once for the four vectors; a 32-node level looks positions 16..31 up
      // in its second half, by the positions minus 16 (computed once).
      const wide = width > 16;
      // Each lane's column id, by its position in the level.
      let t0 = v128.load(idTable), t1 = v128.load(idTable, 16);
      let fa = i8x16.swizzle(t0, pa), fb = i8x16.swizzle(t0, pb), fc = i8x16.swizzle(t0, pc), fd = i8x16.swizzle(t0, pd);
      if (wide) {
        fa = v128.or(fa, i8x16.swizzle(t1, i8x16.sub(pa, sixteen)));
        fb = v128.or(fb, i8x16.swizzle(t1, i8x16.sub(pb, sixteen)));
        fc = v128.or(fc, i8x16.swizzle(t1, i8x16.sub(pc, sixteen)));
        fd = v128.or(fd, i8x16.swizzle(t1, i8x16.sub(pd, sixteen)));
      }
      // Feature columns: bit 7 of a node's id is its default-left flag, split off here (-1 where set).
      let da = zero, db = zero, dc = zero, dd = zero;
      if (nCols >= 128) {
        const low7 = i8x16.splat(127);
        da = i8x16.lt_s(fa, zero);
        db = i8x16.lt_s(fb, zero);
        dc = i8x16.lt_s(fc, zero);
        dd = i8x16.lt_s(fd, zero);
        fa = v128.and(fa, low7);
        fb = v128.and(fb, low7);
        fc = v128.and(fc, low7);
        fd = v128.and(fd, low7);
      }
      // Each lane's bin in its node's column: exactly one column id matches per lane.
      // The program holds each column id splatted to 16 bytes: one load, no splat. The first column sets the sums.
      const id0 = v128.load(cols);
      const col0 = block + (<usize>load<u8>(cols) << 6);
      let va = v128.and(v128.load(col0), i8x16.eq(fa, id0));
      let vb = v128.and(v128.load(col0, 16), i8x16.eq(fb, id0));
      let vc = v128.and(v128.load(col0, 32), i8x16.eq(fc, id0));
      let vd = v128.and(v128.load(col0, 48), i8x16.eq(fd, id0));
      for (let e = cols + 16; e < idTable; e += 16) {
        const idv = v128.load(e);
        const col = block + (<usize>load<u8>(e) << 6);
        va = v128.or(va, v128.and(v128.load(col), i8x16.eq(fa, idv)));
        vb = v128.or(vb, v128.and(v128.load(col, 16), i8x16.eq(fb, idv)));
        vc = v128.or(vc, v128.and(v128.load(col, 32), i8x16.eq(fc, idv)));
        vd = v128.or(vd, v128.and(v128.load(col, 48), i8x16.eq(fd, idv)));
      }
      let ha = pa, hb = pb, hc = pc, hd = pd;
      if (wide) {
        ha = i8x16.sub(pa, sixteen);
        hb = i8x16.sub(pb, sixteen);
        hc = i8x16.sub(pc, sixteen);
        hd = i8x16.sub(pd, sixteen);
      }
      t0 = v128.load(limTable);
      t1 = v128.load(limTable, 16);
      const la = lookupTable(t0, t1, pa, ha, wide);
      const lb = lookupTable(t0, t1, pb, hb, wide);
      const lc = lookupTable(t0, t1, pc, hc, wide);
      const ld = lookupTable(t0, t1, pd, hd, wide);
      prog = limTable + <usize>width;
      // Feature columns (no plus-one copies): each lane adds its node's default-left flag (wrapping);
      // zero masks (column ids) change nothing.
      va = i8x16.sub(va, da);
      vb = i8x16.sub(vb, db);
      vc = i8x16.sub(vc, dc);
      vd = i8x16.sub(vd, dd);
      // Left when bin -sat limit is 0: p = 2p + min(bin -sat limit, 1).
      pa = i8x16.add(i8x16.add(pa, pa), i8x16.min_u(i8x16.sub_sat_u(va, la), one));
      pb = i8x16.add(i8x16.add(pb, pb), i8x16.min_u(i8x16.sub_sat_u(vb, lb), one));
      pc = i8x16.add(i8x16.add(pc, pc), i8x16.min_u(i8x16.sub_sat_u(vc, lc), one));
      pd = i8x16.add(i8x16.add(pd, pd), i8x16.min_u(i8x16.sub_sat_u(vd, ld), one));
    }
    level += <usize>width << 3;
  }
  v128.store(at, pa);
  v128.store(at, pb, 16);
  v128.store(at, pc, 32);
  v128.store(at, pd, 48);
}


/** Bytes before the trees' program offsets in `levels`: the leaf table's offset and stride (levelPrograms.ts). */
const LEVELS_HEADER_BYTES: usize = 8;
/** The leaf table's stride per tree: 2^6 leaves for forests up to depth 6, else 2^COMPLETE_MAX_DEPTH (levelPrograms.ts). */
const SHALLOW_LEAF_STRIDE: usize = 8 << 6;

/**
 * addLeafBatch's stride as a compile-time constant (load offsets must be):
 * 8 sizeof<S>()^2 bytes, 512 (SHALLOW_LEAF_STRIDE) for u64, 2,048 (2^8 leaves) for v128.
 */
// @ts-ignore: decorator
@inline
function STRIDE<S>(): usize {
  return <usize>(sizeof<S>() * sizeof<S>() * 8);
}

/** The column in the group's block of the node whose slot is at `slot` (word 1, bits 8..31, in 4-byte units). */
// @ts-ignore: decorator
@inline
function nodeColumn(block: usize, slot: usize): usize {
  return block + (<usize>(load<u32>(slot, 4) >>> 8) << 2);
}

/**
 * The positions in level 3 of 16 rows (bytes k..k+15 of each column) after the
 * first three levels, nodes 0..6 reading columns c0..c6 against limits l0..l6.
 * Nodes 0..2 give left masks L (-1 left, 0 right), nodes 3..6 only S = bin -sat limit
 * (0 when left); each lane then takes
 * its level-1 node's mask (M1 = L0 ? L1 : L2) and its level-2 node's S
 * (L0 ? (L1 ? S3 : S4) : (L2 ? S5 : S6)), whose right bit is r2 = min(S, 1); its
 * position is 4 r0 + 2 r1 + r2 with r = L + 1, i.e. 6 + 4 L0 + 2 M1 + r2 (bytes,
 * wrapping): the node-by-node levels' positions, with no loop and no position compares.
 */
// @ts-ignore: decorator
@inline
function topPosition(
  c0: usize, c1: usize, c2: usize, c3: usize, c4: usize, c5: usize, c6: usize,
  l0: v128, l1: v128, l2: v128, l3: v128, l4: v128, l5: v128, l6: v128, k: usize,
): v128 {
  const zero = i8x16.splat(0);
  const L0 = i8x16.eq(i8x16.sub_sat_u(v128.load(c0 + k), l0), zero);
  const L1 = i8x16.eq(i8x16.sub_sat_u(v128.load(c1 + k), l1), zero);
  const L2 = i8x16.eq(i8x16.sub_sat_u(v128.load(c2 + k), l2), zero);
  // Level 2's nodes only as bin -sat limit (0 when left): the lane's own is selected, then clamped to 0 or 1.
  const S3 = i8x16.sub_sat_u(v128.load(c3 + k), l3);
  const S4 = i8x16.sub_sat_u(v128.load(c4 + k), l4);
  const S5 = i8x16.sub_sat_u(v128.load(c5 + k), l5);
  const S6 = i8x16.sub_sat_u(v128.load(c6 + k), l6);
  const M1 = v128.bitselect(L1, L2, L0);
  const r2 = i8x16.min_u(v128.bitselect(v128.bitselect(S3, S4, L1), v128.bitselect(S5, S6, L2), L0), i8x16.splat(1));
  const t = i8x16.add(i8x16.add(L0, L0), M1);
  return i8x16.add(i8x16.add(i8x16.add(t, t), r2), i8x16.splat(6));
}

/** Trees whose leaves scoreGroup adds in one pass over the rows. */
const LEAF_BATCH: i32 = 16;

/**
 * Adds LEAF_BATCH trees' leaves to the m sums at o, in tree order: `pos`
 * holds each tree's 64 row positions; the batch's first tree's leaves are at
 * `leaves`, the next ones STRIDE<S>() bytes apart (a constant in each
 * instance, so the loads take immediate offsets and one base register).
 */
// @ts-ignore: decorator
@inline
function addLeafBatch<S>(pos: usize, m: usize, o: usize, leaves: usize): void {
  for (let k: usize = 0; k < m; k++) {
    const a = o + (k << 3);
    const p = pos + k;
    let sum = load<f64>(a);
    sum += load<f64>(leaves + (<usize>load<u8>(p) << 3));
    sum += load<f64>(leaves + (<usize>load<u8>(p, 64) << 3), STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 128) << 3), 2 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 192) << 3), 3 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 256) << 3), 4 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 320) << 3), 5 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 384) << 3), 6 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 448) << 3), 7 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 512) << 3), 8 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 576) << 3), 9 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 640) << 3), 10 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 704) << 3), 11 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 768) << 3), 12 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 832) << 3), 13 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 896) << 3), 14 * STRIDE<S>());
    sum += load<f64>(leaves + (<usize>load<u8>(p, 960) << 3), 15 * STRIDE<S>());
    store<f64>(a, sum);
  }
}

/**
 * addLeafBatch for the first n < LEAF_BATCH trees of a batch: per row, 8, 4, 2
 * and 1 trees' leaves added (in tree order) as the bits of n say, each run at
 * immediate offsets from its first tree's positions and leaves.
 */
// @ts-ignore: decorator
@inline
function addLeafTail<S>(pos: usize, m: usize, o: usize, leaves: usize, n: i32): void {
  for (let k: usize = 0; k < m; k++) {
    const a = o + (k << 3);
    let p = pos + k;
    let l = leaves;
    let sum = load<f64>(a);
    if (n & 8) {
      sum += load<f64>(l + (<usize>load<u8>(p) << 3));
      sum += load<f64>(l + (<usize>load<u8>(p, 64) << 3), STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 128) << 3), 2 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 192) << 3), 3 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 256) << 3), 4 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 320) << 3), 5 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 384) << 3), 6 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 448) << 3), 7 * STRIDE<S>());
      p += 512;
      l += 8 * STRIDE<S>();
    }
    if (n & 4) {
      sum += load<f64>(l + (<usize>load<u8>(p) << 3));
      sum += load<f64>(l + (<usize>load<u8>(p, 64) << 3), STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 128) << 3), 2 * STRIDE<S>());
      sum += load<f64>(l + (<usize>load<u8>(p, 192) << 3), 3 * STRIDE<S>());
      p += 256;
      l += 4 * STRIDE<S>();
    }
    if (n & 2) {
      sum += load<f64>(l + (<usize>load<u8>(p) << 3));
      sum += load<f64>(l + (<usize>load<u8>(p, 64) << 3), STRIDE<S>());
      p += 128;
      l += 2 * STRIDE<S>();
    }
    if (n & 1) sum += load<f64>(l + (<usize>load<u8>(p) << 3));
    store<f64>(a, sum);
  }
}

/**
 * The bytes of a level's table (first 16 entries t0, next 16 t1) picked by the
 * 16 positions p; `wide` (32 entries): h = p - 16 (swizzle gives 0 for an
 * index >= 16, so positions 16..31 miss t0, and 0..15, wrapped to 240..255, miss t1).
 */
// @ts-ignore: decorator
@inline
function lookupTable(t0: v128, t1: v128, p: v128, h: v128, wide: bool): v128 {
  if (wide) return v128.or(i8x16.swizzle(t0, p), i8x16.swizzle(t1, h));
  return i8x16.swizzle(t0, p);
}
