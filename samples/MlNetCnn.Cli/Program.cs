System.Console.Error.WriteLine("not implemented yet"); return 1;
