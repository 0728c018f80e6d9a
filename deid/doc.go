// Package deid de-identifies tabular data for research exports: it turns a
// table of patient records into one where every record hides among others
// (k-anonymity, l-diversity, t-closeness, average risk), with the least
// loss of information a full-domain generalisation allows, and reports the
// utility and re-identification risk before and after.
//
// It is pure Go: the standard library, plus github.com/parquet-go/parquet-go
// for the Parquet writer and custodia/internal/csvsafe for the formula
// guarding of CSV cells. It knows nothing of the vault, the UI or
// databases; callers hand it a Table and get a Result. Package
// deid/verify re-checks a written file independently of this engine.
//
// # Tables
//
// A Table is column-major and dictionary-encoded: each Column keeps its
// distinct values once (Dict) and one uint32 code per record (Codes), so the
// search works on small integers. Columns have a Role (identifying,
// quasi-identifying, sensitive, insensitive) and a Type (string, ordered
// string, integer, decimal, date). ReadCSV streams a CSV with any
// separator: blocks of about 1 MiB, cut at record boundaries (a line break
// after an even number of quotes), are parsed and dictionary-encoded on up
// to four goroutines with their own dictionaries, which are merged in input
// order so codes keep the order of first appearance; its errors name the
// line and column but never quote a value.
//
// # Hierarchies
//
// A Hierarchy is ARX's CSV format: one row per original value, level 0
// first, the last level "*". ReadHierarchy rejects ragged rows, duplicate
// values and inconsistent levels (a value with two parents), naming the file
// and line. Builders make interval hierarchies with top and bottom coding
// (IntervalHierarchy), date hierarchies (DateHierarchy), right-to-left
// masking of codes and postcodes (MaskingHierarchy) and groupings of ordered
// values (OrderedGroupingHierarchy). Compile binds a hierarchy to a column:
// per level, a map from the column's codes to generalised codes.
//
// # Search
//
// Anonymize finds the globally optimal full-domain generalisation: one
// level per quasi-identifier, the same for every record, chosen from the
// lattice of all level combinations, minimising Config.Metric subject to
// the models with at most Config.SuppressionLimit of the records
// suppressed (classes violating a class-level model are removed).
//
// Every node is evaluated from a frequency set: the distinct packed keys
// (generalised quasi-identifier codes and raw sensitive codes in one
// uint64) with counts. A node's set is rolled up from the smallest cached
// set of one of its specialisations by mapping codes through the
// hierarchies, never by rescanning the records.
//
//  1. When every model is monotone for the suppression limit (k-anonymity
//     and distinct l-diversity always; entropy l-diversity, t-closeness and
//     average risk only without suppression; recursive (c,l)-diversity
//     never), the nodes are first classified as anonymous or not with few
//     checks: from the lowest unclassified node a path of unclassified nodes
//     is walked up the lattice and binary-searched for the boundary; every
//     check tags the node's generalisations (anonymous) or specialisations
//     (not anonymous). This is the scheme of Flash (Kohlmayer et al. 2012);
//     paths take the steepest step (the one keeping the fewest distinct
//     values), so checks roll up from small sets. For metrics with a
//     level-only bound (precision, entropy, intensity, loss) one path is
//     searched first and the climb of step 2 run on it; nodes whose bound
//     exceeds that incumbent are then left unclassified (step 3 prunes
//     them anyway).
//  2. A greedy climb from the best anonymous node checked gives a first
//     incumbent.
//  3. All nodes are visited by level sum. A node is skipped when a lower
//     bound of the metric inherited from its specialisations exceeds the
//     incumbent, when a specialisation dominates it (an anonymous node
//     whose score equals its own lower bound is at least as good as every
//     generalisation, and earlier in the tie-break), when it is known not
//     to be anonymous, or, for k-anonymity and distinct l-diversity, when
//     the records its generalisations already suppress make it worse than
//     the incumbent. Otherwise it is evaluated.
//
// Phases 1 and 3 use one goroutine per processor (at most four) for inputs
// whose base frequency set has at least 4,096 entries: phase 1 searches two
// disjoint paths per round, phase 3 evaluates the undecided nodes of a
// layer in batches of four. Evaluations only read shared state; their
// results (statuses, tags, the roll-up cache with its recency stamps and
// use counts, counters) are committed after each round or batch in a fixed
// order, and the round and batch sizes depend on the input, not the
// processor count. So the nodes evaluated, the result and the report
// (timings aside) are the same run to run and on any machine.
//
// With Config.Entity (several records per patient), the patient's code is
// a field of the key: a class counts distinct patients for k, and patients
// with a record in an invalid class are suppressed whole until every
// remaining class is valid (k-anonymity and distinct l-diversity only);
// Mondrian splits a partition only when both halves keep k patients.
//
// The bounds are proved in metric.go. Ties are broken deterministically:
// the lowest score, then the lowest sum of levels, then the lowest levels
// compared in quasi-identifier order. Tests compare the search with an
// exhaustive evaluation of every node and with a naive string-based oracle.
//
// Mondrian (mondrian.go) is the multidimensional local-recoding
// alternative; it shares the table, hierarchies, models and Result.
//
// # Metrics and risk
//
// Every Result carries discernibility, average equivalence class size,
// precision, non-uniform entropy, generalisation intensity and loss (see
// metric.go for the formulas; the loss counts a quasi-identifier's domain as
// the values of its hierarchy, as ARX does), and the prosecutor, journalist and marketer
// risks and sample uniques before and after (see Risk). Without a
// population table the journalist risk equals the prosecutor risk.
//
// # Scale
//
// Codes are uint32 per column; keys pack into one uint64 (at most 64 bits
// over the quasi-identifiers and sensitive attributes referenced by
// models); frequency sets hold one key and one count per distinct
// combination, so memory grows with distinct combinations, not records.
// GenerateLike builds Adult-like tables of any size for the benchmarks.
// The CSV writer encodes every dictionary value once and formats blocks of
// rows in parallel, byte for byte as encoding/csv would.
//
// # Limits
//
// Record keys pack the codes of the quasi-identifiers and of the sensitive
// attributes a model refers to into 64 bits (ceil(log2(distinct values))
// bits per column); wider configurations get ErrInvalidConfig. The lattice
// may have at most 2^22 nodes. The search evaluates on up to
// min(GOMAXPROCS, 4) goroutines, and what it evaluates, the result and the
// report (timings aside) are the same run to run and on any number of
// processors. With Config.Entity the optimal search supports k-anonymity
// and distinct l-diversity; Mondrian splits only where both halves keep k
// patients.
//
// The exported API in one list, and measurements, are in
// docs/reference/deid.md.
//
// # Errors
//
// Errors wrap ErrInvalidTable, ErrInvalidHierarchy, ErrInvalidConfig and
// ErrNoSolution; MissingValueError carries the column and record of a value
// missing from its hierarchy. No error quotes a data value. The mistakes
// people make are typed (InputError with a Problem code and its place,
// TransformError.Problem, NoSolutionError with its Advice,
// ModelFailsError): the package never words anything for people, and its
// Report is data (JSON); the application layer (package app) words both in
// the reader's language.
package deid
