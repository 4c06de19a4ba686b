// Each test class starts its own server and Chromium. Run side by side on a 2-core machine, three browsers and three
// servers starve the Blazor circuits and clicks time out; one class at a time is slower by seconds and never flaky.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
