/**
 * The rows of a tree's nodes, stored contiguously: row k of a block has its
 * bin codes at bins + k * stride, its (gradient, hessian) pair at gh + 16 k and
 * its original row index at rows[k]. A node owns the range [start, end) of
 * the block that holds it; splitting it moves its rows, left child first,
 * within the block (boosting, partitionInPlace.ts) or into the other work
 * block (CART, splitRows), so every later pass over a node reads memory in
 * order instead of gathering scattered rows.
 */
@unmanaged
export class RowBlock {
  /** u8 [nRows * stride], row-major bin codes */
  bins: usize;
  /** f64 [nRows * 2], (gradient, hessian) pairs */
  gh: usize;
  /** u32 [nRows], original row indices */
  rows: usize;
}

export function rowBlockBytes(): i32 {
  return <i32>offsetof<RowBlock>();
}

/** Bytes per row of a binned matrix: features rounded up to whole v128 lanes. */
export function binStride(nFeatures: i32): i32 {
  return (nFeatures + 15) & ~15;
}
