//! ems-modbus
