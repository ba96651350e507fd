"""Programme packages: each subpackage that defines `PROGRAMME` (a `workbench.programme.Programme`) is found by
`workbench.registry`. See ARCHITECTURE.md, "Add a programme"."""
