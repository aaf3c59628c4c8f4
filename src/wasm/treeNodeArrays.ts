/**
 * The node arrays a grown tree and a model's Tree (models/trees/tree.ts)
 * share: internal node i splits on feature[i] with children left[i],
 * right[i] (internal ids >= 0, or ~leafIndex); per node its split gain
 * (XGBoost's scale: twice the loss reduction), hessian cover and own shrunk
 * weight; per leaf its value (learning rate included) and cover.
 */
export interface TreeNodeArrays {
  feature: Int32Array;
  left: Int32Array;
  right: Int32Array;
  gain: Float64Array;
  cover: Float64Array;
  value: Float64Array;
  leafValue: Float64Array;
  leafCover: Float64Array;
}
