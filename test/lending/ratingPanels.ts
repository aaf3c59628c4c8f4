/** Rating panels for the migration tests. */

// Ten obligors over 2018–2020, lines shuffled. Counted by hand (one-year transitions):
//   A → A: a1 ×2, a3, b3 = 4; A → B: a2, a3 = 2                               (6)
//   B → A: b3; B → B: a2, b1 = 2; B → C: b2; B → D: b1                        (5)
//   C → B: c3; C → C: c1 ×2 = 2; C → D: b2, c2 = 2                            (5)
// a4 leaves after 2018 (no transition); c2's A after its default is ignored.
export const PANEL = [
  'id,period,rating',
  'a1,2018,A', 'a2,2018,A', 'a3,2018,A', 'a4,2018,A', 'b1,2018,B', 'b2,2018,B', 'b3,2018,B', 'c1,2018,C', 'c2,2018,C', 'c3,2018,C',
  'c2,2020,A', 'a1,2020,A', 'a2,2020,B', 'a3,2020,B', 'b1,2020,D', 'b2,2020,D', 'b3,2020,A', 'c1,2020,C',
  'a1,2019,A', 'a2,2019,B', 'a3,2019,A', 'b1,2019,B', 'b2,2019,C', 'b3,2019,A', 'c1,2019,C', 'c2,2019,D', 'c3,2019,B',
].join('\n') + '\n';
