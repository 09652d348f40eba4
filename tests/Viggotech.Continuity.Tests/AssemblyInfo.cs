// Each collection boots a whole platform: one at a time on a two-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
